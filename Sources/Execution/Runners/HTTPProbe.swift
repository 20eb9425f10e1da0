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
        HTTPRequestRouting.routeLocalhost(&request, url: url)
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            // The answer's status is all a check needs; the body is read (bounded) so the connection is reusable.
            _ = try? await response.body.collect(upTo: 1 << 20)
            return .status(Int(response.status.code))
        } catch {
            return .failed(HTTPFailureReason.text(for: error, timeout: timeout))
        }
    }
}
