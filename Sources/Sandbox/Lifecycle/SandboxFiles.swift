import Foundation

/// The sandbox's files under `<state-dir>/sandbox/`: who is serving (`server.json`: pid, port),
/// the kubeconfig that points kubectl at it, and the server's log.
public struct SandboxFiles: Sendable {
    public let directory: URL

    public init(stateDirectory: String) {
        directory = URL(fileURLWithPath: stateDirectory).appendingPathComponent("sandbox")
    }

    public var serverRecord: URL { directory.appendingPathComponent("server.json") }
    public var kubeconfig: URL { directory.appendingPathComponent("kubeconfig") }
    public var log: URL { directory.appendingPathComponent("server.log") }
    /// The port the last sandbox of this folder listened on; kept after it stops (``PortChoice``).
    public var lastPortFile: URL { directory.appendingPathComponent("last-port") }

    public func lastPort() -> Int? {
        (try? String(contentsOf: lastPortFile, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    public func readRecord() -> ServerRecord? {
        guard let data = try? Data(contentsOf: serverRecord) else { return nil }
        return try? JSONDecoder().decode(ServerRecord.self, from: data)
    }

    /// Written by the server once it listens: the record, then the kubeconfig.
    public func writeRunning(_ record: ServerRecord) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Kubeconfig.text(port: record.port).write(to: kubeconfig, atomically: true, encoding: .utf8)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(record).write(to: serverRecord, options: .atomic)
        try? "\(record.port)\n".write(to: lastPortFile, atomically: true, encoding: .utf8)
    }

    public func removeRunning() {
        try? FileManager.default.removeItem(at: serverRecord)
        try? FileManager.default.removeItem(at: kubeconfig)
    }
}

/// Which process serves the sandbox, and where.
public struct ServerRecord: Codable, Sendable, Equatable {
    public let pid: Int32
    public let port: Int
    public let startedAt: String

    public init(pid: Int32, port: Int, startedAt: Date = Date()) {
        self.pid = pid
        self.port = port
        self.startedAt = Timestamp.string(startedAt)
    }

    public var url: String { "http://127.0.0.1:\(port)" }
}

/// A kubeconfig for the sandbox: plain HTTP on loopback, context `bosun-sandbox`.
public enum Kubeconfig {
    public static let contextName = "bosun-sandbox"

    public static func text(port: Int) -> String {
        """
        # Written by `bosun sandbox start`: a local, simulated API server for tests and demos.
        apiVersion: v1
        kind: Config
        clusters:
          - name: \(contextName)
            cluster:
              server: http://127.0.0.1:\(port)
        users:
          - name: \(contextName)
            user: {}
        contexts:
          - name: \(contextName)
            context:
              cluster: \(contextName)
              user: \(contextName)
              namespace: default
        current-context: \(contextName)

        """
    }
}
