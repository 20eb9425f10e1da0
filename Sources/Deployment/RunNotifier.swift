import BosunBasics
import Execution
import Foundation
import Synchronization

/// Tells a run's webhooks (`--notify`, the plan's `notify:`) that it started and how it ended
/// (docs/notifications.md), without ever holding the run up or changing how it ended: the start is
/// posted in the background, and once the run has ended it waits for what is still going out at
/// most ``endBound`` seconds, then gives up. What was not delivered comes back as warnings.
final class RunNotifier: Sendable {
    /// Seconds an ended run waits for its notifications (the start's retries included).
    static let endBound: Double = 10

    let urls: [String]
    let run: RunNotification.Run
    private let redactor: Redactor
    private let delivery: WebhookDelivery
    private let bound: Double
    private let deliveries = Mutex<[(event: RunNotification.Event, url: String, task: Task<WebhookOutcome, Never>)]>([])

    /// Nil when there is no webhook to tell.
    init?(urls: [String], redactor: Redactor, run: RunNotification.Run, delivery: WebhookDelivery = WebhookDelivery(),
          bound: Double = RunNotifier.endBound) {
        var unique: [String] = []
        for url in urls where !unique.contains(url) { unique.append(url) }
        guard !unique.isEmpty else { return nil }
        self.urls = unique
        self.run = run
        self.redactor = redactor
        self.delivery = delivery
        self.bound = bound
    }

    /// Posts `started` in the background.
    func start() { send(.started(run)) }

    /// Posts how the run ended and waits, at most the bound, for every delivery of the run:
    /// returns a warning for each webhook (and reason) a notification did not reach.
    func finish(_ report: RunReport) async -> [String] {
        send(.ended(run, report: report))
        let sent = deliveries.withLock { $0 }
        let outcomes = await Self.outcomes(of: sent.map(\.task), within: bound)
        // One line per webhook and reason: a receiver that is down missed the start and the end alike.
        var failed: [(url: String, reason: String, events: [String])] = []
        for (delivery, outcome) in zip(sent, outcomes) {
            guard let reason = failure(of: outcome) else { continue }
            let event = "'\(delivery.event.rawValue)'"
            if let index = failed.firstIndex(where: { $0.url == delivery.url && $0.reason == reason }) {
                failed[index].events.append(event)
            } else {
                failed.append((delivery.url, reason, [event]))
            }
        }
        return failed.map { url, reason, events in
            let what = events.count == 1 ? "notification \(events[0])" : "notifications \(events.joined(separator: " and "))"
            return redactor.redact("\(what) of run \(run.id) to \(WebhookURL.origin(url)) not delivered: \(reason); "
                + "the run's outcome and exit status are unchanged")
        }
    }

    /// Why a delivery failed; nil when it was delivered. No outcome: it did not end within the bound.
    private func failure(of outcome: WebhookOutcome?) -> String? {
        guard let outcome else {
            return "no answer within the \(DurationSyntax.format(seconds: bound)) a run waits for its notifications; gave up"
        }
        return outcome.failure
    }

    private func send(_ notification: RunNotification) {
        let body = notification.body(redactor: redactor)
        let delivery = delivery
        let started = urls.map { url in (event: notification.event, url: url, task: Task { await delivery.deliver(body, to: url) }) }
        deliveries.withLock { $0 += started }
    }

    /// The outcome of each task that ended within `seconds` (nil for the others, which are cancelled).
    static func outcomes(of tasks: [Task<WebhookOutcome, Never>], within seconds: Double) async -> [WebhookOutcome?] {
        await withTaskGroup(of: (index: Int, outcome: WebhookOutcome)?.self, returning: [WebhookOutcome?].self) { group in
            for (index, task) in tasks.enumerated() { group.addTask { (index, await task.value) } }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            defer { group.cancelAll() }
            var outcomes = [WebhookOutcome?](repeating: nil, count: tasks.count)
            var pending = tasks.count
            while pending > 0, let next = await group.next() {
                guard let (index, outcome) = next else {
                    // Time is up: the rest is cancelled (and ends at once, so the group does too).
                    for task in tasks { task.cancel() }
                    return outcomes
                }
                outcomes[index] = outcome
                pending -= 1
            }
            return outcomes
        }
    }
}

extension RunNotifier {
    /// `result` with its ``ApplyResult/notificationWarnings`` filled in once its end is posted.
    static func finish(_ result: ApplyResult) async -> ApplyResult {
        guard let notifier = result.notifier else { return result }
        var result = result
        result.notificationWarnings = await notifier.finish(result.report)
        result.notifier = nil
        return result
    }
}
