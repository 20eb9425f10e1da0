import Foundation

/// The sandbox's files under `<state-dir>/sandbox/`: who is serving (`server.json`: pid, port),
/// the kubeconfig that points kubectl at it, and the server's log.
package struct SandboxFiles: Sendable {
    package let directory: URL

    package init(stateDirectory: String) {
        directory = URL(fileURLWithPath: stateDirectory).appendingPathComponent("sandbox")
    }

    var serverRecord: URL { directory.appendingPathComponent("server.json") }
    package var kubeconfig: URL { directory.appendingPathComponent("kubeconfig") }
    package var log: URL { directory.appendingPathComponent("server.log") }
    /// The port the last sandbox of this folder listened on; kept after it stops (``PortChoice``).
    var lastPortFile: URL { directory.appendingPathComponent("last-port") }

    func lastPort() -> Int? {
        (try? String(contentsOf: lastPortFile, encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    func readRecord() -> ServerRecord? {
        guard let data = try? Data(contentsOf: serverRecord) else { return nil }
        return try? JSONDecoder().decode(ServerRecord.self, from: data)
    }

    /// Written by the server once it listens: the record, then the kubeconfig.
    func writeRunning(_ record: ServerRecord) throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Kubeconfig.text(port: record.port).write(to: kubeconfig, atomically: true, encoding: .utf8)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(record).write(to: serverRecord, options: .atomic)
        try? "\(record.port)\n".write(to: lastPortFile, atomically: true, encoding: .utf8)
    }

    func removeRunning() {
        try? FileManager.default.removeItem(at: serverRecord)
        try? FileManager.default.removeItem(at: kubeconfig)
    }
}

/// Which process serves the sandbox, and where.
package struct ServerRecord: Codable, Sendable, Equatable {
    package let pid: Int32
    package let port: Int
    package let startedAt: String

    init(pid: Int32, port: Int, startedAt: Date = Date()) {
        self.pid = pid
        self.port = port
        self.startedAt = Timestamp.string(startedAt)
    }

    package var url: String { "http://127.0.0.1:\(port)" }
}

/// A kubeconfig for the sandbox: plain HTTP on loopback, context `bosun-sandbox`.
enum Kubeconfig {
    static let contextName = "bosun-sandbox"

    static func text(port: Int) -> String {
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
