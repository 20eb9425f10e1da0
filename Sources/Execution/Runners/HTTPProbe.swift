import AsyncHTTPClient
import BosunBasics
import Foundation
import NIOCore
import NIOPosix
import PlanModel

/// Runs an `httpCheck`: GET the URL up to `attempts` times, `interval` seconds apart, until it
/// answers with the expected status. Each failed attempt is reported on the step's output.
struct HTTPProbe: Sendable {
    let check: HTTPCheck
    let context: CommandContext

    func run() async throws -> CommandOutcome {
        guard let url = URL(string: check.url), url.scheme != nil, url.host != nil else {
            return .failure("not a valid URL: \(check.url)")
        }
        let attempts = max(1, check.attempts)
        var problem = ""
        for attempt in 1...attempts {
            if attempt > 1 { try await Task.sleep(for: .seconds(check.interval)) }
            switch await HTTPRequest.status(of: url, timeout: check.requestTimeout) {
            case .status(let status) where status == check.expectStatus:
                return .success(message: "HTTP \(status)")
            case .status(let status):
                problem = "HTTP \(status)"
            case .failed(let reason):
                problem = reason
            }
            try Task.checkCancellation()
            context.emit("attempt \(attempt)/\(attempts): GET \(check.url): \(problem) (want \(check.expectStatus))")
        }
        return .failure("\(problem) after \(attempts) attempt\(attempts == 1 ? "" : "s")")
    }
}

/// One GET request, reduced to its status code or a short reason, and cancelled with its task.
enum HTTPRequest {
    enum Result: Sendable {
        case status(Int)
        case failed(String)
    }

    static func status(of url: URL, timeout: Double) async -> Result {
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .GET
        // `*.localhost` is the loopback (RFC 6761) as curl and browsers treat it, but glibc's
        // resolver knows only `localhost` itself: connect to 127.0.0.1 and keep the name as Host.
        if let host = url.host, host.hasSuffix(".localhost"), var components = URLComponents(url: url, resolvingAgainstBaseURL: false) {
            components.host = "127.0.0.1"
            if let loopback = components.url?.absoluteString { request.url = loopback }
            request.headers.replaceOrAdd(name: "Host", value: url.port.map { "\(host):\($0)" } ?? host)
        }
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            // The answer's status is all a check needs; the body is read (bounded) so the connection is reusable.
            _ = try? await response.body.collect(upTo: 1 << 20)
            return .status(Int(response.status.code))
        } catch {
            return .failed(reason(for: error, timeout: timeout))
        }
    }

    private static func reason(for error: any Error, timeout: Double) -> String {
        if error is CancellationError { return "cancelled" }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return "no answer within \(DurationSyntax.format(seconds: timeout))"
            case .cancelled: return "cancelled"
            default: return "\(error)"
            }
        }
        if let error = error as? NIOConnectionError {
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty { return "unknown host" }
            if let first = error.connectionErrors.first { return reason(for: first.error, timeout: timeout) }
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ETIMEDOUT: return "no answer within \(DurationSyntax.format(seconds: timeout))"
            default: return error.description
            }
        }
        if error is NIOConnectionError { return "connection refused" }
        if "\(error)".contains("ConnectionRefused") || "\(error)".contains("connection refused") { return "connection refused" }
        if let error = error as? SocketAddressError, case .unknown = error { return "unknown host" }
        return "\(error)"
    }
}
