import Foundation
import GitKit

/// One repository inside a ``GitSandbox``, changed through files and the git CLI.
struct ScratchRepository {
    let sandbox: GitSandbox
    let path: String

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        try sandbox.git(arguments, in: path)
    }

    /// The sha git itself resolves `revision` to.
    func revParse(_ revision: String) throws -> String {
        try git("rev-parse", "--verify", "--quiet", revision + "^{commit}")
    }

    func write(_ file: String, _ content: String, executable: Bool = false) throws {
        let url = URL(fileURLWithPath: path + "/" + file)
        let files = FileManager.default
        try files.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: url)
        try files.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: url.path)
    }

    func symlink(_ file: String, to target: String) throws {
        let url = URL(fileURLWithPath: path + "/" + file)
        let files = FileManager.default
        try files.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try files.createSymbolicLink(atPath: url.path, withDestinationPath: target)
    }

    func delete(_ file: String) throws {
        try FileManager.default.removeItem(atPath: path + "/" + file)
    }

    /// Stages everything and commits; returns the new commit's sha.
    @discardableResult
    func commitAll(_ message: String) throws -> String {
        try git("add", "--all")
        try git("commit", "--quiet", "--allow-empty", "-m", message)
        return try revParse("HEAD")
    }

    func open() throws -> GitRepository {
        try GitRepository.open(discoveringFrom: path)
    }
}
