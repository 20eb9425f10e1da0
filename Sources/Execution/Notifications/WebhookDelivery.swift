import AsyncHTTPClient
import BosunBasics
import Foundation
import NIOCore
import NIOPosix

/// How often and how long a webhook is tried: a few quick attempts, since a run waits for its
/// last notifications only briefly (``RunNotifier`` in Deployment bounds the whole).
package struct WebhookPolicy: Sendable {
    package var attempts = 3
    /// Seconds one attempt may take, connecting included.
    package var attemptTimeout: Double = 5
    /// Seconds before the second attempt; each later pause doubles (0.5 s, 1 s, 2 s …).
    package var firstBackoff: Double = 0.5

    package init() {}

    /// Seconds to wait after failed attempt `attempt` (1-based).
    package func backoff(after attempt: Int) -> Double {
        firstBackoff * Double(1 << min(max(attempt - 1, 0), 20))
    }

    /// A receiver's refusal (4xx) is final, but for 408 and 429 (try later); 5xx is worth another try.
    package static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || status >= 500
    }
}

/// One attempt's answer: an HTTP status, or why there was none.
package enum WebhookAttempt: Sendable, Equatable {
    case status(Int)
    case failed(String)
}

/// How a webhook's delivery went, for one line on standard error when it failed.
package struct WebhookOutcome: Sendable, Equatable {
    /// `scheme://host[:port]`: never the whole URL, which may hold a token.
    package var origin: String
    package var attempts: Int
    /// Why it was not delivered; nil when it was (a 2xx answer).
    package var failure: String?

    package var delivered: Bool { failure == nil }
}

/// Posts a notification body to one webhook, retrying with backoff as ``WebhookPolicy`` says.
/// Never throws: a delivery that fails is an outcome, never a reason for a run to fail.
package struct WebhookDelivery: Sendable {
    package typealias Send = @Sendable (_ url: String, _ body: [UInt8], _ timeout: Double) async -> WebhookAttempt

    package var policy: WebhookPolicy
    /// One attempt: a real POST (``WebhookPost``), or a test's stand-in.
    package var send: Send

    package init(policy: WebhookPolicy = WebhookPolicy(), send: @escaping Send = WebhookPost.post) {
        self.policy = policy
        self.send = send
    }

    package func deliver(_ body: [UInt8], to url: String) async -> WebhookOutcome {
        let origin = WebhookURL.origin(url)
        let attempts = max(1, policy.attempts)
        var problem = ""
        for attempt in 1...attempts {
            if attempt > 1 {
                do { try await Task.sleep(for: .seconds(policy.backoff(after: attempt - 1))) } catch {
                    return WebhookOutcome(origin: origin, attempts: attempt - 1, failure: "\(problem); gave up (cancelled)")
                }
            }
            switch await send(url, body, policy.attemptTimeout) {
            case .status(let status) where (200..<300).contains(status):
                return WebhookOutcome(origin: origin, attempts: attempt, failure: nil)
            case .status(let status) where !WebhookPolicy.isRetryable(status: status):
                return WebhookOutcome(origin: origin, attempts: attempt, failure: "HTTP \(status) (not retried)")
            case .status(let status):
                problem = "HTTP \(status)"
            case .failed(let reason):
                problem = reason
            }
            if Task.isCancelled { return WebhookOutcome(origin: origin, attempts: attempt, failure: "\(problem); gave up (cancelled)") }
        }
        return WebhookOutcome(origin: origin, attempts: attempts, failure: "\(problem) after \(attempts) attempt\(attempts == 1 ? "" : "s")")
    }
}

/// One POST of a JSON body with AsyncHTTPClient, reduced to its status or a short reason, and
/// cancelled with its task.
package enum WebhookPost {
    package static func post(_ url: String, body: [UInt8], timeout: Double) async -> WebhookAttempt {
        guard let parsed = URL(string: url), parsed.host != nil else { return .failed("not a URL") }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "bosun")
        request.body = .bytes(ByteBuffer(bytes: body))
        HTTPRequestRouting.routeLocalhost(&request, url: parsed)
        do {
            let response = try await client.execute(request, timeout: .milliseconds(Int64(timeout * 1000)))
            _ = try? await response.body.collect(upTo: 1 << 16)
            return .status(Int(response.status.code))
        } catch {
            return .failed(HTTPFailureReason.text(for: error, timeout: timeout))
        }
    }

    /// Its own client: a refused connection fails the attempt at once (the shared client would
    /// try to connect again until the attempt's deadline, and a run waits for its webhooks only
    /// briefly), and a redirect is an answer, not followed (it would turn the POST into a GET).
    /// Never shut down: it lives as long as the process.
    private static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()
}
