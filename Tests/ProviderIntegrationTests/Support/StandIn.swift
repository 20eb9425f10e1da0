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
        // The ends this process keeps must not leak into children spawned meanwhile (another
        // test's stand-in holding this one's stdin open would keep it alive past stop()).
        for descriptor in [input.fileHandleForWriting.fileDescriptor, output.fileHandleForReading.fileDescriptor] {
            _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC)
        }
        process.standardInput = input
        process.standardOutput = output
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errorLog))
        try process.run()
        guard let line = Self.firstLine(of: output.fileHandleForReading),
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            process.waitUntilExitNoticed()
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

    /// Closes its standard input (it exits by itself) and waits for it; one that is still running
    /// after 5 s is terminated, so a test never waits on it for ever.
    func stop() {
        try? input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            process.terminate()
            let killDeadline = Date().addingTimeInterval(2)
            while process.isRunning && Date() < killDeadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        // Bounded: a stand-in Foundation still counts as running after all that (seen once in a
        // full run, the process alive and never signalled) is killed and left, not waited on for ever.
        let end = Date().addingTimeInterval(10)
        while process.isRunning && Date() < end { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
        } else {
            process.waitUntilExitNoticed()
        }
    }

    deinit { if process.isRunning { stop() } }
}
