import AsyncHTTPClient
import BosunBasics
import Foundation
import NIOCore
import NIOPosix

/// Where a health check's GET and a webhook's POST connect: `*.localhost` is the loopback (RFC
/// 6761) as curl and browsers treat it, but glibc's resolver knows only `localhost` itself, so
/// such a request goes to 127.0.0.1 with the name kept as its Host.
enum HTTPRequestRouting {
    static func routeLocalhost(_ request: inout HTTPClientRequest, url: URL) {
        guard let host = url.host, host.hasSuffix(".localhost"),
              var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return }
        components.host = "127.0.0.1"
        if let loopback = components.url?.absoluteString { request.url = loopback }
        request.headers.replaceOrAdd(name: "Host", value: url.port.map { "\(host):\($0)" } ?? host)
    }
}

/// Why an HTTP request failed, in a few words for a step's output or a warning.
enum HTTPFailureReason {
    /// A short reason that never quotes the URL (the client's errors may, and a webhook's URL can
    /// carry a token).
    static func text(for error: any Error, timeout: Double) -> String {
        if error is CancellationError { return "cancelled" }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return "no answer within \(DurationSyntax.format(seconds: timeout))"
            case .cancelled: return "cancelled"
            case .remoteConnectionClosed: return "the connection was closed"
            default: return "the request failed (\(String(describing: error).prefix(120)))"
            }
        }
        if let error = error as? NIOConnectionError {
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty { return "unknown host" }
            if let first = error.connectionErrors.first { return text(for: first.error, timeout: timeout) }
            return "connection refused"
        }
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ETIMEDOUT: return "no answer within \(DurationSyntax.format(seconds: timeout))"
            default: return "connection failed (\(String(cString: strerror(error.errnoCode))))"
            }
        }
        if let error = error as? SocketAddressError, case .unknown = error { return "unknown host" }
        if "\(error)".contains("ConnectionRefused") || "\(error)".contains("connection refused") { return "connection refused" }
        if "\(error)".contains("TLS") || "\(error)".contains("SSL") || "\(error)".contains("certificate") {
            return "TLS handshake failed"
        }
        return "the request failed"
    }
}
