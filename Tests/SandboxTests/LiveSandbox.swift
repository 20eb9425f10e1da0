import Foundation
@testable import Sandbox

/// A sandbox server on a free loopback port with a kubeconfig for the real kubectl, and its
/// `Cluster` at hand so a test can look at every object between two kubectl commands.
struct LiveSandbox {
    let cluster: Cluster
    /// A scratch folder for the kubeconfig, kubectl's cache, manifests and captured output.
    let folder: URL
    private let server: Task<Void, any Error>

    /// The kubectl on PATH; nil when there is none (the tests that need it are then skipped).
    static let kubectl: URL? = (ProcessInfo.processInfo.environment["PATH"] ?? "")
        .split(separator: ":")
        .map { URL(fileURLWithPath: String($0)).appendingPathComponent("kubectl") }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }

    struct ServerDidNotStart: Error {}

    /// Runs `body` against a fresh sandbox whose pods become Ready at once, then stops it.
    static func with<T>(_ body: (LiveSandbox) async throws -> T) async throws -> T {
        let sandbox = try await start()
        do {
            let result = try await body(sandbox)
            await sandbox.stop()
            return result
        } catch {
            await sandbox.stop()
            throw error
        }
    }

    private static func start() async throws -> LiveSandbox {
        let cluster = Cluster(settings: SimulationSettings(readyDelay: 0))
        let (ports, listening) = AsyncStream<Int>.makeStream()
        let server = Task {
            defer { listening.finish() }
            try await SandboxServer.run(cluster: cluster, port: 0, logLevel: .critical) { port in listening.yield(port) }
        }
        guard let port = await ports.first(where: { _ in true }) else {
            _ = await server.result
            throw ServerDidNotStart()
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-kubectl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Kubeconfig.text(port: port).write(to: folder.appendingPathComponent("kubeconfig"), atomically: true, encoding: .utf8)
        return LiveSandbox(cluster: cluster, folder: folder, server: server)
    }

    private func stop() async {
        server.cancel()
        _ = await server.result
        try? FileManager.default.removeItem(at: folder)
    }

    /// Writes a manifest into the scratch folder and returns its path, for `-f`.
    func manifest(_ name: String, _ text: String) throws -> String {
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    struct Run: CustomStringConvertible {
        let status: Int32
        let stdout: String
        let stderr: String

        var description: String { "exit \(status)\n--- stdout\n\(stdout)--- stderr\n\(stderr)" }
    }

    /// Runs the real kubectl against this sandbox. Output goes to files, not pipes, so a long diff
    /// cannot fill a pipe while the test waits for the exit; the wait itself blocks no thread,
    /// since the server answering kubectl runs on the same cooperative threads.
    func kubectl(_ arguments: [String]) async throws -> Run {
        let name = UUID().uuidString
        let stdout = folder.appendingPathComponent("\(name).out"), stderr = folder.appendingPathComponent("\(name).err")
        try Data().write(to: stdout)
        try Data().write(to: stderr)
        let process = Process()
        process.executableURL = Self.kubectl
        process.arguments = ["--kubeconfig", folder.appendingPathComponent("kubeconfig").path,
                             "--cache-dir", folder.appendingPathComponent("cache").path] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["KUBECTL_EXTERNAL_DIFF"] = nil  // kubectl's own `diff -u -N`, whatever the user's taste
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: stdout)
        process.standardError = try FileHandle(forWritingTo: stderr)
        let status: Int32 = try await withCheckedThrowingContinuation { finished in
            process.terminationHandler = { finished.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                finished.resume(throwing: error)
            }
        }
        return Run(status: status, stdout: try String(contentsOf: stdout, encoding: .utf8),
                   stderr: try String(contentsOf: stderr, encoding: .utf8))
    }

    func kubectl(_ arguments: String...) async throws -> Run {
        try await kubectl(arguments)
    }

    /// Every object's resourceVersion and the server's latest, once the controllers have nothing
    /// left to do (so that only requests, not the clock, could change them).
    func settledVersions() async throws -> ResourceVersions {
        let end = Date().addingTimeInterval(20)
        while await cluster.nextWake != nil, Date() < end { try await Task.sleep(for: .milliseconds(20)) }
        return await ResourceVersions(of: cluster)
    }
}

/// Every object's resourceVersion by `plural/namespace/name`, and the server's latest
/// resourceVersion: equal snapshots mean nothing was written in between.
struct ResourceVersions: Equatable, CustomStringConvertible {
    let objects: [String: String]
    let latest: Int

    init(of cluster: Cluster) async {
        var objects: [String: String] = [:]
        var latest = 0
        for type in ResourceType.all {
            let (items, version) = await cluster.list(ObjectQuery(type))
            latest = version
            for item in items { objects["\(type.plural)/\(item.namespace ?? "")/\(item.name)"] = item.resourceVersion ?? "" }
        }
        self.objects = objects
        self.latest = latest
    }

    func count(of type: ResourceType) -> Int { objects.keys.filter { $0.hasPrefix(type.plural + "/") }.count }

    var description: String {
        "latest \(latest): " + objects.sorted { $0.key < $1.key }.map { "\($0.key)@\($0.value)" }.joined(separator: " ")
    }
}
