import Foundation

/// Bosun's sandbox (a simulated Kubernetes API server on plain HTTP) started with `bosun sandbox
/// start` in a folder of its own for one test: what the API server stand-in forwards to, so that
/// real kubectl diffs and reads through a provider's credential reach a server that answers them.
struct SimulatedCluster {
    let folder: String
    let url: String
    private let environment: [String: String]

    var stateDirectory: String { folder + "/state" }
    var kubeconfig: String { stateDirectory + "/sandbox/kubeconfig" }

    /// Starts a sandbox whose pods are Ready at once, runs `body`, and stops it whatever happened.
    static func with<T>(_ body: (SimulatedCluster) async throws -> T) async throws -> T {
        let cluster = try await start()
        do {
            let result = try await body(cluster)
            await cluster.stop()
            return result
        } catch {
            await cluster.stop()
            throw error
        }
    }

    private static func start() async throws -> SimulatedCluster {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-cluster-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "BOSUN_STATE_DIR")
        environment.removeValue(forKey: "KUBECONFIG")
        // kubectl's discovery cache goes here, not into the user's home.
        environment["HOME"] = folder
        let started = try await CLI.run([CLI.bosun, "sandbox", "start", "--state-dir", folder + "/state", "--port", "0", "--ready-delay", "0"],
                                        in: folder, environment: environment)
        guard started.status == 0 else {
            try? FileManager.default.removeItem(atPath: folder)
            throw TestTools.Missing(description: "bosun sandbox start failed: \(started.output)")
        }
        let record = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/state/sandbox/server.json")))
        let port = (record as? [String: Any])?["port"] as? Int ?? 0
        return SimulatedCluster(folder: folder, url: "http://127.0.0.1:\(port)", environment: environment)
    }

    private func stop() async {
        _ = try? await CLI.run([CLI.bosun, "sandbox", "stop", "--state-dir", stateDirectory], in: folder, environment: environment)
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Real kubectl straight at the sandbox (not through any stand-in); fails the test's setup on a non-zero exit.
    @discardableResult
    func kubectl(_ arguments: [String], stdin: String? = nil) async throws -> String {
        let result = try await CLI.run(["kubectl", "--kubeconfig", kubeconfig] + arguments, in: folder, environment: environment, stdin: stdin)
        guard result.status == 0 else {
            throw TestTools.Missing(description: "kubectl \(arguments.joined(separator: " ")) failed: \(result.output)")
        }
        return result.stdout
    }

    /// Every object's resourceVersion (`Kind/namespace/name@version`, one a line, sorted) and the
    /// server's latest resourceVersion, once the simulation has stopped changing objects (pods
    /// becoming Ready, deployments' status): equal snapshots mean nothing was written between them.
    func settledResourceVersions() async throws -> String {
        var previous = try await resourceVersions()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            try await Task.sleep(for: .milliseconds(300))
            let current = try await resourceVersions()
            if current == previous { return current }
            previous = current
        }
        throw TestTools.Missing(description: "the sandbox's objects kept changing for 20 s:\n\(previous)")
    }

    private func resourceVersions() async throws -> String {
        let kinds = try await kubectl(["api-resources", "--verbs=list", "-o", "name"])
            .split(separator: "\n").joined(separator: ",")
        let template = #"{range .items[*]}{.kind}/{.metadata.namespace}/{.metadata.name}@{.metadata.resourceVersion}{"\n"}{end}"#
        let objects = try await kubectl(["get", kinds, "--all-namespaces", "-o", "jsonpath=" + template])
        let list = try JSONSerialization.jsonObject(with: Data(try await kubectl(["get", "--raw", "/api/v1/namespaces"]).utf8))
        let latest = ((list as? [String: Any])?["metadata"] as? [String: Any])?["resourceVersion"] as? String ?? "?"
        let lines = objects.split(separator: "\n").map(String.init).sorted()
        return (["latest@" + latest] + lines).joined(separator: "\n")
    }
}
