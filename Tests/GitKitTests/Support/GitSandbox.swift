import Foundation
import GitKit

/// A temporary folder holding a fake HOME and repositories made with the real `git` CLI, so that
/// GitKit is checked against what git itself writes. Removed when the last reference goes.
final class GitSandbox {
    let root: String
    private let home: String

    init() throws {
        root = FileManager.default.temporaryDirectory
            .appending(path: "gitkit-tests-\(UUID().uuidString)").resolvingSymlinksInPath().path
        home = root + "/home"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// A new repository with `main` as its initial branch.
    func makeRepository(_ name: String = "repo", bare: Bool = false) throws -> ScratchRepository {
        let path = root + "/" + name
        try git(["init", "--quiet", "--initial-branch=main"] + (bare ? ["--bare"] : []) + [path], in: root)
        return ScratchRepository(sandbox: self, path: path)
    }

    /// `git clone [--depth N] file://source name`; file:// makes --depth take effect locally.
    func clone(_ source: ScratchRepository, as name: String, depth: Int? = nil) throws -> ScratchRepository {
        let depthArguments = depth.map { ["--depth", String($0)] } ?? []
        try git(["clone", "--quiet"] + depthArguments + ["file://" + source.path, name], in: root)
        return ScratchRepository(sandbox: self, path: root + "/" + name)
    }

    /// Runs git in `folder` with an identity given on the command line and neither the system
    /// nor the user's configuration read or written. Returns stdout without the final newline.
    @discardableResult
    func git(_ arguments: [String], in folder: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=Ada Tester", "-c", "user.email=ada@example.com"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("GIT_") }
        environment["HOME"] = home
        environment["XDG_CONFIG_HOME"] = home + "/.config"
        environment["GIT_CONFIG_NOSYSTEM"] = "1"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = output.fileHandleForReading.readDataToEndOfFile()
        let stderr = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExitNoticed()
        guard process.terminationStatus == 0 else {
            throw GitCommandFailed(arguments: arguments, stderr: String(decoding: stderr, as: UTF8.self))
        }
        let text = String(decoding: stdout, as: UTF8.self)
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}

struct GitCommandFailed: Error, CustomStringConvertible {
    let arguments: [String]
    let stderr: String
    var description: String { "git \(arguments.joined(separator: " ")) failed: \(stderr)" }
}
