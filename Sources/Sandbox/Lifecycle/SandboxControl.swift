import Foundation
import AsyncHTTPClient

/// `bosun sandbox start|stop|status`: starts the server as a detached process, finds it again
/// through `<state-dir>/sandbox/server.json`, and stops it with SIGTERM.
package struct SandboxControl: Sendable {
    package let files: SandboxFiles

    package init(stateDirectory: String) {
        files = SandboxFiles(stateDirectory: stateDirectory)
    }

    package enum StartOutcome: Sendable, Equatable {
        case started(ServerRecord)
        case alreadyRunning(ServerRecord)
    }

    package struct ControlError: Error, CustomStringConvertible {
        package let description: String
    }

    /// The record of a live server; a record whose process is gone is removed.
    package func running() -> ServerRecord? {
        guard let record = files.readRecord() else { return nil }
        if DetachedProcess.isAlive(record.pid) { return record }
        files.removeRunning()
        return nil
    }

    /// Starts `executable serveArguments…` detached and waits until it answers `/readyz`.
    package func start(executable: String, serveArguments: [String], timeout: Duration = .seconds(20)) async throws -> StartOutcome {
        if let record = running() { return .alreadyRunning(record) }
        try FileManager.default.createDirectory(at: files.directory, withIntermediateDirectories: true)
        let pid = try DetachedProcess.spawn(executable: executable, arguments: serveArguments, logPath: files.log.path)
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let record = files.readRecord(), record.pid == pid, await Self.get(record.url + "/readyz") != nil {
                return .started(record)
            }
            guard DetachedProcess.isAlive(pid) else {
                throw ControlError(description: "the sandbox server exited at once; see \(files.log.path)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        kill(pid, SIGKILL)
        throw ControlError(description: "the sandbox server did not answer within \(timeout); see \(files.log.path)")
    }

    /// Stops the server (SIGTERM, then SIGKILL after `grace`) and removes its files.
    package func stop(grace: Duration = .seconds(5)) async -> ServerRecord? {
        guard let record = running() else { return nil }
        kill(record.pid, SIGTERM)
        let deadline = ContinuousClock.now + grace
        while DetachedProcess.isAlive(record.pid), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if DetachedProcess.isAlive(record.pid) { kill(record.pid, SIGKILL) }
        files.removeRunning()
        return record
    }

    /// Objects by kind in the running server, nil if it does not answer.
    package func objectCounts(_ record: ServerRecord) async -> [String: Int]? {
        guard let data = await Self.get(record.url + "/sandbox/status"), let json = try? JSON.parse(data) else { return nil }
        return (json.objectValue ?? [:]).compactMapValues(\.intValue)
    }

    static func get(_ url: String) async -> Data? {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        guard let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(2)), response.status.code == 200,
              let body = try? await response.body.collect(upTo: 16 << 20) else { return nil }
        return Data(body.readableBytesView)
    }
}
