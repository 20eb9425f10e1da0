import Foundation

/// Finds a program the way the runner will start it: a bare name on PATH, anything with a slash
/// as a path relative to the plan's folder.
struct ExecutableLookup: Sendable {
    let searchPath: String
    let workingDirectory: String

    func find(_ program: String) -> String? {
        if program.contains("/") {
            let path = program.hasPrefix("/") ? program : workingDirectory + "/" + program
            return isExecutableFile(path) ? path : nil
        }
        for folder in searchPath.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(folder)/\(program)"
            if isExecutableFile(candidate) { return candidate }
        }
        return nil
    }

    private func isExecutableFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
            && FileManager.default.isExecutableFile(atPath: path)
    }
}
