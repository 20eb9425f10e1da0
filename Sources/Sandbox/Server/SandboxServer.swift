import Foundation
import Hummingbird
import Logging
import NIOCore

/// The HTTP side of the sandbox: Hummingbird on 127.0.0.1, every request handed to the
/// `APIHandler`, watches streamed as one JSON frame per line.
enum SandboxServer {
    /// Serves until the task is cancelled or the process ends; `onRunning` gets the bound port.
    static func run(
        settings: SimulationSettings, host: String = "127.0.0.1", port: Int = 0,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) async throws {
        try await run(cluster: Cluster(settings: settings), host: host, port: port, onRunning: onRunning)
    }

    /// Serves `cluster`, given by a caller that wants to look inside it while clients use it (tests).
    /// Tests stop the server by cancelling it, for which Hummingbird logs errors about the
    /// connections it closes: they pass a `logLevel` above `.error`.
    static func run(
        cluster: Cluster, host: String = "127.0.0.1", port: Int = 0, logLevel: Logger.Level = .warning,
        onRunning: @escaping @Sendable (Int) async -> Void
    ) async throws {
        let handler = APIHandler(cluster: cluster, serverAddress: host)
        // BOSUN_SANDBOX_TRACE=1 logs each request, to see what a client really sends.
        let trace = ProcessInfo.processInfo.environment["BOSUN_SANDBOX_TRACE"] != nil
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let body = try await request.body.collect(upTo: 64 << 20)
            if trace {
                SandboxLog.line("\(request.method) \(request.uri) [\(request.headers[.contentType] ?? "-")] accept: \(request.headers[.accept] ?? "-")")
            }
            if let target = ServiceHealth.target(host: request.head.authority) {
                return response(for: await ServiceHealth.answer(
                    service: target.service, namespace: target.namespace, path: request.uri.path, cluster: cluster))
            }
            let apiRequest = APIRequest(
                method: request.method.rawValue, path: request.uri.path, query: request.uri.query,
                contentType: request.headers[.contentType], accept: request.headers[.accept],
                body: Data(body.readableBytesView))
            return response(for: await handler.handle(apiRequest))
        }
        var logger = Logger(label: "bosun-sandbox")
        logger.logLevel = logLevel
        let app = Application(
            responder: responder, configuration: .init(address: .hostname(host, port: port), serverName: "bosun-sandbox"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? port) }, logger: logger)
        // Pods become Ready and progress deadlines pass with time, not only on requests.
        await cluster.startClock()
        do {
            try await app.runService(gracefulShutdownSignals: [])
        } catch {
            await cluster.stopClock()
            throw error
        }
        await cluster.stopClock()
    }

    private static func response(for answer: APIResponse) -> Response {
        switch answer {
        case .json(let status, let json):
            return Response(status: .init(code: status), headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(bytes: json.encoded())))
        case .text(let status, let text):
            return Response(status: .init(code: status), headers: [.contentType: "text/plain; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: text)))
        case .watch(let frames):
            return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody { writer in
                for await frame in frames {
                    try await writer.write(ByteBuffer(bytes: frame.encoded() + Data("\n".utf8)))
                }
                try await writer.finish(nil)
            })
        }
    }
}
