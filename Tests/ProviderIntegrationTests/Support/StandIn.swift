import Foundation

/// A local server from `Fixtures/` (a Python script: moto, or a stand-in for a cloud or a
/// Kubernetes API) run for one test. It prints one JSON line saying where it listens, and exits
/// when its standard input closes, so it never outlives the test run.
final class StandIn: @unchecked Sendable {
    let announcement: [String: Any]
    private let process: Process
    private let input = Pipe()

    var port: Int { announcement["port"] as? Int ?? 0 }
    var url: String { announcement["url"] as? String ?? "" }
    /// The stand-in's CA certificate (PEM file), for HTTPS stand-ins.
    var caFile: String { announcement["ca"] as? String ?? "" }

    /// Starts the script and waits (off the cooperative pool) until it says where it listens.
    static func start(script: String, arguments: [String], folder: String) async throws -> StandIn {
        try await offThePool { try StandIn(script: script, arguments: arguments, folder: folder) }
    }

    private init(script: String, arguments: [String], folder: String) throws {
        try TestTools.require(TestTools.python)
        process = Process()
        process.executableURL = URL(fileURLWithPath: TestTools.python)
        process.arguments = [TestTools.fixtures + "/" + script] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        var environment = ProcessInfo.processInfo.environment
        environment["PYTHONPATH"] = TestTools.fixtures
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        process.environment = environment
        let output = Pipe()
        let errorLog = folder + "/\(script).stderr"
        _ = FileManager.default.createFile(atPath: errorLog, contents: nil)
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorLog))
        try process.run()
        guard let line = Self.firstLine(of: output.fileHandleForReading),
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            process.waitUntilExit()
            let log = (try? String(contentsOfFile: errorLog, encoding: .utf8)) ?? ""
            throw TestTools.Missing(description: "\(script) did not start: \(log.suffix(2000))")
        }
        announcement = object
    }

    private static func firstLine(of handle: FileHandle) -> String? {
        var data = Data()
        while !data.contains(UInt8(ascii: "\n")) {
            let chunk = handle.availableData
            if chunk.isEmpty { return nil }
            data.append(chunk)
        }
        return String(decoding: data.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
    }

    /// Closes its standard input (it exits by itself) and waits for it.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit { if process.isRunning { stop() } }
}
