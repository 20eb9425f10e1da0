import Foundation

/// A sandbox started for one test with `bosun sandbox start` in a temporary state folder (a free
/// port, a short ready delay), and kubectl pointed at it through the kubeconfig it wrote.
struct SandboxFixture {
    let stateDirectory: String

    var kubeconfig: String { stateDirectory + "/sandbox/kubeconfig" }

    /// The built bosun: `BOSUN_BINARY`, else the one beside the test bundle, else `.build/debug`.
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["BOSUN_BINARY"] { return path }
        let testExecutable = URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "")
        var directory = testExecutable.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("bosun").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return BosunProcess.binary
    }

    /// kubectl from PATH: these tests drive the real one.
    static let kubectl: String = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
        return path.split(separator: ":").map { "\($0)/kubectl" }
            .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "/usr/bin/kubectl"
    }()

    /// Starts a sandbox, runs `body`, and stops the sandbox whatever happened.
    static func with<T>(
        readyDelay: Double = 0.2, _ body: (SandboxFixture) async throws -> T
    ) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-sandbox-\(UUID().uuidString)").path
        let fixture = SandboxFixture(stateDirectory: directory)
        let started = try await fixture.bosun(["sandbox", "start", "--ready-delay", String(readyDelay)])
        guard started.status == 0 else { throw FixtureError(message: "sandbox start failed: \(started)") }
        do {
            let result = try await body(fixture)
            try await fixture.tearDown()
            return result
        } catch {
            try? await fixture.tearDown()
            throw error
        }
    }

    func bosun(_ arguments: [String]) async throws -> ChildProcess.Result {
        try await ChildProcess.run(Self.binary, arguments + ["--state-dir", stateDirectory])
    }

    /// kubectl with the sandbox's kubeconfig and a private discovery cache.
    func kubectl(_ arguments: [String], stdin: String? = nil) async throws -> ChildProcess.Result {
        try await ChildProcess.run(
            Self.kubectl, ["--kubeconfig", kubeconfig, "--cache-dir", stateDirectory + "/kube-cache"] + arguments, stdin: stdin)
    }

    /// kubectl that must succeed; its standard output.
    @discardableResult
    func kubectlOK(_ arguments: [String], stdin: String? = nil) async throws -> String {
        let result = try await kubectl(arguments, stdin: stdin)
        guard result.status == 0 else { throw FixtureError(message: "kubectl \(arguments.joined(separator: " ")) failed: \(result)") }
        return result.stdout
    }

    /// `kubectl get -o json` parsed.
    func json(_ arguments: [String]) async throws -> [String: Any] {
        let output = try await kubectlOK(["get"] + arguments + ["-o", "json"])
        return try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any] ?? [:]
    }

    private func tearDown() async throws {
        _ = try await bosun(["sandbox", "stop"])
        try? FileManager.default.removeItem(atPath: stateDirectory)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// Small readers for `kubectl get -o json` output.
extension Dictionary where Key == String, Value == Any {
    func value(_ path: String...) -> Any? {
        var current: Any? = self
        for key in path { current = (current as? [String: Any])?[key] }
        return current
    }

    var items: [[String: Any]] { self["items"] as? [[String: Any]] ?? [] }
    var name: String { value("metadata", "name") as? String ?? "" }
}
