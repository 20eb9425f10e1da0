import BosunBasics
import Foundation
import Synchronization
import Testing
@testable import Execution

/// What a webhook is told (the `bosun.notification/v1` body, masked), and how hard Bosun tries
/// to tell it (attempts, backoff, which answers are final), without a network.
@Suite("run notifications: body, masking, retries")
struct RunNotificationTests {
    static let secret = "s3cr3t-token-4711"
    let start = Date(timeIntervalSince1970: 1_796_149_241.5)

    var run: RunNotification.Run {
        RunNotification.Run(
            id: "20261206-101500-a1b2", plan: "shop", environment: "prod", command: .apply,
            source: RunSource(commit: "1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d", requestedRevision: "v1.2.0", pinned: false,
                              workingTree: false, planDigest: "d"),
            actor: Actor(user: "alice", host: "ci-7"), startedAt: start)
    }

    func report(_ outcome: RunStatus, _ records: [StepRecord]) -> RunReport {
        RunReport(records: records, outcome: outcome, startedAt: start, finishedAt: start.addingTimeInterval(42.5))
    }

    func json(_ notification: RunNotification, secrets: [String] = [secret]) throws -> [String: Any] {
        let body = notification.body(redactor: Redactor(secrets: secrets))
        return try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
    }

    @Test("started: the run, its plan, environment, commit, user and a Slack text; nothing of an end")
    func started() throws {
        let body = try json(.started(run))
        #expect(body["schema"] as? String == "bosun.notification/v1")
        #expect(body["event"] as? String == "started")
        #expect(body["run"] as? String == "20261206-101500-a1b2")
        #expect(body["plan"] as? String == "shop" && body["environment"] as? String == "prod")
        #expect(body["commit"] as? String == "1a2b3c4d5e6f7a8b9c0d1a2b3c4d5e6f7a8b9c0d")
        #expect(body["revision"] as? String == "v1.2.0")
        #expect(body["user"] as? String == "alice@ci-7")
        #expect(body["command"] as? String == "apply")
        #expect(body["startedAt"] as? String == "2026-12-01T18:20:41.500Z")
        #expect(body["text"] as? String == "Bosun: run 20261206-101500-a1b2 of shop on prod started by alice@ci-7, commit 1a2b3c4d5e6f")
        for key in ["outcome", "exitCode", "finishedAt", "failedSteps", "durationSeconds"] { #expect(body[key] == nil, "\(key)") }
    }

    @Test("each ending maps to its event: succeeded, failed, rolled_back (exit 3, or a bosun rollback), interrupted")
    func events() throws {
        let ok = StepRecord(id: "a", kind: .run, state: .succeeded)
        #expect(RunNotification.ended(run, report: report(.succeeded, [ok])).event == .succeeded)
        #expect(RunNotification.ended(run, report: report(.interrupted, [ok])).event == .interrupted)
        let failed = StepRecord(id: "apps/web", kind: .run, state: .failed, message: "exited with status 3")
        #expect(RunNotification.ended(run, report: report(.failed, [ok, failed])).event == .failed)
        let undone = StepRecord(id: "apps/release", kind: .rollout, state: .rolledBack, message: "not ready; rolled back")
        let rolledBack = RunNotification.ended(run, report: report(.failed, [undone]))
        #expect(rolledBack.event == .rolledBack)
        #expect(try json(rolledBack)["exitCode"] as? Int == 3)
        let halfDone = StepRecord(id: "apps/release", kind: .rollout, state: .rollbackFailed, message: "undo failed")
        #expect(RunNotification.ended(run, report: report(.failed, [halfDone])).event == .failed, "exit 4 is a failure")
        var restore = run
        restore.command = .rollback
        restore.restores = "20261201-090000-0000"
        let restored = RunNotification.ended(restore, report: report(.succeeded, [ok]))
        #expect(restored.event == .rolledBack)
        let body = try json(restored)
        #expect(body["restores"] as? String == "20261201-090000-0000" && body["outcome"] as? String == "succeeded")
        #expect((body["text"] as? String)?.contains("restored the release of run 20261201-090000-0000") == true)
    }

    @Test("failed: outcome, exit code, times and each failed step with its message")
    func failed() throws {
        let records = [
            StepRecord(id: "infra/db", kind: .terraform, state: .succeeded),
            StepRecord(id: "apps/web", kind: .run, state: .failed, message: "exited with status 3\nmore detail"),
            StepRecord(id: "apps/api", kind: .run, state: .timedOut, message: "timed out after 5s"),
            StepRecord(id: "apps/smoke", kind: .check, state: .skipped, message: "not started"),
        ]
        let body = try json(.ended(run, report: report(.failed, records)))
        #expect(body["event"] as? String == "failed" && body["outcome"] as? String == "failed")
        #expect(body["exitCode"] as? Int == 1)
        #expect(body["durationSeconds"] as? Double == 42.5)
        #expect(body["finishedAt"] as? String == "2026-12-01T18:21:24.000Z")
        let steps = try #require(body["failedSteps"] as? [[String: Any]])
        #expect(body["failedStepCount"] as? Int == 2)
        #expect(steps.map { $0["id"] as? String } == ["apps/web", "apps/api"])
        #expect(steps.map { $0["state"] as? String } == ["failed", "timedOut"])
        #expect(steps.first?["message"] as? String == "exited with status 3\nmore detail")
        #expect(body["text"] as? String
            == "Bosun: run 20261206-101500-a1b2 of shop on prod failed (exit 1) after 43s: step apps/web: exited with status 3; 1 more failed")
    }

    @Test("every string is masked, the Slack text too, and its &, < and > are escaped")
    func masked() throws {
        var run = run
        run.plan = "shop<&>"
        let records = [StepRecord(id: "deploy", kind: .run, state: .failed, message: "token \(Self.secret) refused")]
        let notification = RunNotification.ended(run, report: report(.failed, records))
        let text = String(decoding: notification.body(redactor: Redactor(secrets: [Self.secret])), as: UTF8.self)
        #expect(!text.contains(Self.secret))
        let body = try json(notification)
        #expect((body["failedSteps"] as? [[String: Any]])?.first?["message"] as? String == "token *** refused")
        #expect(body["plan"] as? String == "shop<&>")
        #expect((body["text"] as? String)?.contains("of shop&lt;&amp;&gt; on prod failed") == true)
        #expect((body["text"] as? String)?.contains("token *** refused") == true)
    }

    @Test("a webhook gets a message, not a log: at most 50 failed steps, each message cut after masking")
    func bounded() throws {
        let long = String(repeating: "x", count: 1995) + Self.secret + String(repeating: "y", count: 100)
        let records = (1...70).map { StepRecord(id: "s\($0)", kind: .run, state: .failed, message: long) }
        let body = try json(.ended(run, report: report(.failed, records)))
        #expect(body["failedStepCount"] as? Int == 70)
        let steps = try #require(body["failedSteps"] as? [[String: Any]])
        #expect(steps.count == 50)
        let message = try #require(steps.first?["message"] as? String)
        #expect(message == String(repeating: "x", count: 1995) + "***" + "yy…")
    }

    /// A stand-in for the receiver: answers each attempt from `answers`, recording when it was asked.
    final class ScriptedReceiver: Sendable {
        private let state: Mutex<(answers: [WebhookAttempt], times: [ContinuousClock.Instant])>
        init(_ answers: [WebhookAttempt]) { state = Mutex((answers, [])) }
        var attempts: Int { state.withLock { $0.times.count } }
        var pauses: [Double] {
            let times = state.withLock { $0.times }
            return zip(times, times.dropFirst()).map { pair in
                let duration = pair.0.duration(to: pair.1)
                return Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            }
        }
        func send(_ url: String, _ body: [UInt8], _ timeout: Double) async -> WebhookAttempt {
            state.withLock { state in
                state.times.append(.now)
                return state.answers.isEmpty ? .status(200) : state.answers.removeFirst()
            }
        }
    }

    func delivery(_ receiver: ScriptedReceiver, backoff: Double = 0.05) -> WebhookDelivery {
        var policy = WebhookPolicy()
        policy.firstBackoff = backoff
        return WebhookDelivery(policy: policy, send: receiver.send)
    }

    @Test("a 500 then a 200 is delivered on the second attempt, after the backoff")
    func retriedThenDelivered() async {
        let receiver = ScriptedReceiver([.status(500), .status(200)])
        let outcome = await delivery(receiver).deliver([], to: "https://hooks.example.com/services/T0/B0/secret")
        #expect(outcome == WebhookOutcome(origin: "https://hooks.example.com", attempts: 2, failure: nil))
        #expect(receiver.pauses.allSatisfy { $0 >= 0.05 })
    }

    @Test("3 attempts at most, with pauses doubling; the reason is the last answer")
    func givesUp() async {
        let receiver = ScriptedReceiver([.failed("connection refused"), .status(503), .failed("connection refused"), .status(200)])
        let outcome = await delivery(receiver).deliver([], to: "http://127.0.0.1:9/x")
        #expect(outcome.failure == "connection refused after 3 attempts")
        #expect(receiver.attempts == 3)
        let pauses = receiver.pauses
        #expect(pauses.count == 2 && pauses[0] >= 0.05 && pauses[1] >= 0.1)
        #expect(WebhookPolicy().backoff(after: 1) == 0.5 && WebhookPolicy().backoff(after: 2) == 1 && WebhookPolicy().backoff(after: 3) == 2)
    }

    @Test("a 4xx is final (not retried), but 429 and 408 are tried again")
    func refusals() async {
        let gone = ScriptedReceiver([.status(404)])
        #expect(await delivery(gone).deliver([], to: "https://example.com/h").failure == "HTTP 404 (not retried)")
        #expect(gone.attempts == 1)
        let busy = ScriptedReceiver([.status(429), .status(408), .status(204)])
        #expect(await delivery(busy).deliver([], to: "https://example.com/h").delivered)
        #expect(busy.attempts == 3)
    }

    @Test("a webhook URL is shown as its origin only, and must be http(s) with a host")
    func urls() {
        #expect(WebhookURL.origin("https://hooks.slack.com/services/T000/B000/XXXX?x=1") == "https://hooks.slack.com")
        #expect(WebhookURL.origin("HTTP://user:pw@127.0.0.1:8080/p") == "http://127.0.0.1:8080")
        #expect(WebhookURL.problem("https://hooks.slack.com/services/T000/B000/XXXX") == nil)
        #expect(WebhookURL.problem("notaurl") == "it is not a URL")
        #expect(WebhookURL.problem("ftp://example.com/x") == "its scheme is 'ftp', not http or https")
        #expect(WebhookURL.problem("https:///path") == "it has no host")
        #expect(WebhookURL.problem("https://example.com/a b") == "it is not a URL")
        #expect(WebhookURL.maskedArguments(["apply", "--notify", "https://h.example/T/tok", "--notify=http://x:1/tok"])
            == ["apply", "--notify", "https://h.example/***", "--notify=http://x:1/***"])
    }
}
