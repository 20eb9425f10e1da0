import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP server on 127.0.0.1 (Python's `http.server`, a child process) that records every
/// request it gets as a line of JSON, for the notification tests. How it answers depends on the
/// path: `/flaky…` answers 500 to its first request and 200 after, `/gone…` 404, `/silent…`
/// never answers (for a minute), anything else 200.
final class WebhookReceiver: @unchecked Sendable {
    struct Request {
        var path: String
        var contentType: String?
        var body: String
        var json: [String: Any]
    }

    private static let script = """
        import http.server, json, sys, threading, time
        log, port_file = sys.argv[1], sys.argv[2]
        counts = {}
        lock = threading.Lock()
        class Receiver(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get('Content-Length', 0)))
                with lock:
                    counts[self.path] = counts.get(self.path, 0) + 1
                    first = counts[self.path] == 1
                    with open(log, 'a') as f:
                        f.write(json.dumps({"path": self.path, "contentType": self.headers.get('Content-Type'),
                                            "body": body.decode()}) + "\\n")
                if self.path.startswith('/silent'):
                    time.sleep(60)
                status = 500 if self.path.startswith('/flaky') and first else 404 if self.path.startswith('/gone') else 200
                self.send_response(status)
                self.send_header('Content-Length', '2')
                self.end_headers()
                self.wfile.write(b'ok')
            def log_message(self, *args):
                pass
        server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Receiver)
        server.daemon_threads = True
        with open(port_file + '.tmp', 'w') as f:
            f.write(str(server.server_address[1]))
        import os
        os.rename(port_file + '.tmp', port_file)
        server.serve_forever()
        """

    private let folder: String
    private let process = Process()
    private(set) var port = 0

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-webhooks-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Self.script.write(toFile: folder + "/receiver.py", atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", folder + "/receiver.py", folder + "/requests.jsonl", folder + "/port"]
        // Not the test process's streams: a receiver left running would hold `swift test`'s output
        // pipe open, and `swift test` would wait for it after the last test.
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Waits (up to 60 s: Python starting on a 2-core machine busy with the whole test suite has
    /// taken more than 10) until the server listens. The file is read once more after the
    /// deadline: a sleep on a starved test thread can wake long after the server started.
    func started() async throws -> WebhookReceiver {
        let deadline = Date().addingTimeInterval(60)
        while true {
            if let text = try? String(contentsOfFile: folder + "/port", encoding: .utf8), let port = Int(text) {
                self.port = port
                return self
            }
            guard Date() < deadline else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        stop()
        throw CocoaError(.fileReadNoSuchFile, userInfo: [NSLocalizedDescriptionKey: "the webhook receiver did not start within 60 s"])
    }

    /// `http://127.0.0.1:PORT` + `path`.
    func url(_ path: String) -> String { "http://127.0.0.1:\(port)\(path)" }

    /// Every request so far, in the order they arrived.
    var requests: [Request] {
        let text = (try? String(contentsOfFile: folder + "/requests.jsonl", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let entry = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let body = entry["body"] as? String else { return nil }
            return Request(path: entry["path"] as? String ?? "", contentType: entry["contentType"] as? String, body: body,
                           json: (try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]) ?? [:])
        }
    }

    /// The requests' events (`started`, `succeeded` …), in the order they arrived.
    var events: [String] { requests.compactMap { $0.json["event"] as? String } }

    /// The request of `event`, answered or not (the last, if it came more than once).
    func body(of event: String) -> [String: Any]? { requests.last { $0.json["event"] as? String == event }?.json }

    /// SIGKILL: the child inherits the test process's blocked signals, SIGTERM among them.
    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExitNoticed()
        try? FileManager.default.removeItem(atPath: folder)
    }
}
