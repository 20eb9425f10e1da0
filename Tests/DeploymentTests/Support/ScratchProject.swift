import Foundation

/// A plan in a temporary folder (optionally a git repository, driven with the real `git`), with
/// its own state and lock folders, removed by ``remove()``.
struct ScratchProject {
    let root: String

    static let kubeconfig = "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n"

    init(plan: String, git: Bool = false) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-deployment-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
        try write("kube.yaml", Self.kubeconfig)
        try write("plan.yaml", plan)
        if git {
            try write(".gitignore", ".bosun/\nhome/\nlocks/\n")
            try self.git("init", "-q", "-b", "main")
            try commit("first")
        }
    }

    var planPath: String { root + "/plan.yaml" }
    var stateDirectory: String { root + "/.bosun" }

    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func commit(_ message: String) throws {
        try git("add", "-A")
        try git("commit", "-q", "-m", message)
    }

    @discardableResult
    func git(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: root)
        process.environment = ProcessInfo.processInfo.environment.merging([
            "HOME": root + "/home", "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Rel Eng", "GIT_AUTHOR_EMAIL": "releng@example.com",
            "GIT_COMMITTER_NAME": "Rel Eng", "GIT_COMMITTER_EMAIL": "releng@example.com",
        ]) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExitNoticed()
        guard process.terminationStatus == 0 else { throw ScratchError("git \(arguments.joined(separator: " ")) failed") }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}

struct ScratchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
