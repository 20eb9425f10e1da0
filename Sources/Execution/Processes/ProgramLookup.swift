import BosunBasics
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Finds the file a command's `argv[0]` names: a bare name on PATH (remembered per name, since
/// a plan runs the same few programs thousands of times), anything with a slash as a path
/// relative to the plan's folder.
enum ProgramLookup {
    private static let found = Mutex<[String: String]>([:])

    /// `searchPath` is the command's own PATH when it sets one; Bosun's PATH otherwise.
    static func find(_ program: String, workingDirectory: String, searchPath: String?) -> String? {
        guard !program.isEmpty else { return nil }
        if program.contains("/") {
            let path = program.hasPrefix("/") ? program : workingDirectory + "/" + program
            return isExecutableFile(path) ? path : nil
        }
        if searchPath == nil, let path = found.withLock({ $0[program] }), isExecutableFile(path) { return path }
        let folders = searchPath ?? ProcessEnvironment.value("PATH") ?? "/usr/bin:/bin"
        for folder in folders.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(folder)/\(program)"
            guard isExecutableFile(candidate) else { continue }
            if searchPath == nil { found.withLock { $0[program] = candidate } }
            return candidate
        }
        return nil
    }

    private static func isExecutableFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) != S_IFDIR && access(path, X_OK) == 0
    }
}
