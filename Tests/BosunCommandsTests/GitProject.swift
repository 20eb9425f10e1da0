import Foundation

/// A real git repository in a temporary folder holding a Bosun project (one plan, built-in providers
/// in plans/app/), driven with the real `git` CLI. The user's git configuration is never read:
/// HOME points into the folder and system config is off.
struct GitProject {
    let root: String

    static let plan = """
        plan: app
        environments:
          dev: { provider: kubectl, kubeconfig: kube.yaml }
          staging: { provider: kubectl, kubeconfig: kube.yaml }
          prod: { provider: kubectl, kubeconfig: kube.yaml, protected: true }
        phases:
          - name: main
            steps:
              - { id: show, run: [cat, version.txt] }
              - { id: where, run: [pwd] }

        """

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-git-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/home", withIntermediateDirectories: true)
        try git("init", "-q", "-b", "main")
        try write("plans/app/kube.yaml", Project.kubeconfig["kube.yaml"]!)
        try write("plans/app/app.yaml", Self.plan)
        try write(".gitignore", ".bosun/\nhome/\n")
    }

    var environment: [String: String] {
        ["HOME": root + "/home", "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Rel Eng", "GIT_AUTHOR_EMAIL": "releng@example.com",
         "GIT_COMMITTER_NAME": "Rel Eng", "GIT_COMMITTER_EMAIL": "releng@example.com"]
    }

    func write(_ path: String, _ text: String) throws {
        let url = URL(fileURLWithPath: root + "/" + path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: root + "/" + path, encoding: .utf8) }

    /// Commits everything with `version.txt` set to `version`, returning the full commit id.
    @discardableResult
    func commit(version: String, message: String? = nil) throws -> String {
        try write("plans/app/version.txt", version + "\n")
        try git("add", "-A")
        try git("commit", "-q", "-m", message ?? "version \(version)")
        return try git("rev-parse", "HEAD")
    }

    /// Runs git in the repository and returns its trimmed output; throws on a non-zero exit.
    @discardableResult
    func git(_ arguments: String...) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", root] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExitNoticed()
        guard process.terminationStatus == 0 else { throw GitFailure(arguments: arguments, status: process.terminationStatus) }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `bosun …` run from the repository root, with the plan as `plans/app/app.yaml`.
    func bosun(_ arguments: [String], withoutTerminal: Bool = false) async throws -> BosunProcess.Result {
        try await BosunProcess.start(arguments, in: root, environment: environment, withoutTerminal: withoutTerminal).finish()
    }

    /// The `source` object of the newest run's journal (by start time: ids of runs started in
    /// the same second do not sort by time).
    func newestRunSource() throws -> [String: Any] {
        let runs = try FileManager.default.contentsOfDirectory(atPath: root + "/.bosun/runs").map { id in
            let data = try Data(contentsOf: URL(fileURLWithPath: root + "/.bosun/runs/\(id)/run.json"))
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
        let newest = runs.max { ($0["startedAt"] as? String ?? "") < ($1["startedAt"] as? String ?? "") }
        return newest?["source"] as? [String: Any] ?? [:]
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }

    struct GitFailure: Error {
        var arguments: [String]
        var status: Int32
    }
}
