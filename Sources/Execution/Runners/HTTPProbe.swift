import BosunBasics
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PlanModel

/// Runs an `httpCheck`: GET the URL up to `attempts` times, `interval` seconds apart, until it
/// answers with the expected status. Each failed attempt is reported on the step's output.
struct HTTPProbe: Sendable {
    let check: HTTPCheck
    let context: CommandContext

    func run() async throws -> CommandOutcome {
        guard let url = URL(string: check.url), url.scheme != nil else {
            return .failure("not a valid URL: \(check.url)")
        }
        let attempts = max(1, check.attempts)
        let session = URLSession(configuration: .ephemeral)
        defer { session.invalidateAndCancel() }
        var problem = ""
        for attempt in 1...attempts {
            if attempt > 1 { try await Task.sleep(for: .seconds(check.interval)) }
            switch await HTTPRequest.status(of: url, timeout: check.requestTimeout, session: session) {
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

    static func status(of url: URL, timeout: Double, session: URLSession) async -> Result {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        request.httpMethod = "GET"
        let task = TaskBox()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let dataTask = session.dataTask(with: request) { _, response, error in
                    if let response = response as? HTTPURLResponse {
                        continuation.resume(returning: .status(response.statusCode))
                    } else {
                        continuation.resume(returning: .failed(reason(for: error, timeout: timeout)))
                    }
                }
                task.start(dataTask)
            }
        } onCancel: {
            task.cancel()
        }
    }

    private static func reason(for error: (any Error)?, timeout: Double) -> String {
        guard let error = error as? URLError else { return error?.localizedDescription ?? "no response" }
        switch error.code {
        case .timedOut: return "no answer within \(DurationSyntax.format(seconds: timeout))"
        case .cannotConnectToHost: return "connection refused"
        case .cannotFindHost, .dnsLookupFailed: return "unknown host"
        case .cancelled: return "cancelled"
        default: return error.localizedDescription
        }
    }
}
