import Foundation

/// Opens the file a command's standard output is redirected to, creating its folder.
enum OutputFile {
    static func create(_ path: String) throws -> FileHandle {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Owner-only: redirected output is typically a kubeconfig, which carries credentials.
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        return try FileHandle(forWritingTo: url)
    }
}
