import Foundation

/// A temporary project folder and a temporary HOME holding a user's own `~/.kube/config`,
/// `~/.aws` and `~/.azure` files, so a test can show that Bosun never writes them.
struct Sandbox {
    let root: String
    var home: String { root + "/home" }
    var project: String { root + "/project" }

    /// The user's files, by path under HOME, as they were before the test.
    static let userFiles: [String: String] = [
        ".kube/config": """
            apiVersion: v1
            kind: Config
            clusters: [{name: mine, cluster: {server: "https://192.0.2.1:6443"}}]
            users: [{name: me, user: {token: user-own-token}}]
            contexts: [{name: mine, context: {cluster: mine, user: me}}]
            current-context: mine

            """,
        ".aws/config": "[default]\nregion = eu-west-1\n\n[profile mine]\nregion = eu-central-1\n",
        ".aws/credentials": "[mine]\naws_access_key_id = AKIAUSEROWNSENTINEL\naws_secret_access_key = user-own-sentinel\n",
        ".azure/config": "[cloud]\nname = AzureCloud\n",
    ]

    init(plan: String, files: [String: String] = [:]) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-prov-\(UUID().uuidString)").path
        for (path, text) in Self.userFiles { try write(text, to: home + "/" + path) }
        try write(plan, to: project + "/plan.yaml")
        for (path, text) in files { try write(text, to: project + "/" + path) }
    }

    func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// The user's files that differ from what they were (missing counts as changed).
    func changedUserFiles() -> [String] {
        Self.userFiles.compactMap { path, text in
            (try? read(home + "/" + path)) == text ? nil : path
        }.sorted()
    }

    /// The environment a user with these files would have: HOME and KUBECONFIG pointing at
    /// them, no AWS_*/AZURE_* settings but `extra`, and `pathFolders` first on PATH.
    func environment(_ extra: [String: String], pathFolders: [String]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { key, _ in
            !key.hasPrefix("AWS_") && !key.hasPrefix("AZURE_") && key != "KUBECONFIG" && key != "REQUESTS_CA_BUNDLE"
        }
        environment["HOME"] = home
        environment["KUBECONFIG"] = home + "/.kube/config"
        environment["PATH"] = TestTools.path(prepending: pathFolders)
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: "BOSUN_STATE_DIR")
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// The only run folder under the project's `.bosun/runs`.
    func runFolder() throws -> String {
        let runs = try FileManager.default.contentsOfDirectory(atPath: project + "/.bosun/runs")
        guard runs.count == 1 else { throw TestTools.Missing(description: "expected one run, found \(runs)") }
        return project + "/.bosun/runs/" + runs[0]
    }

    func remove() { try? FileManager.default.removeItem(atPath: root) }
}
