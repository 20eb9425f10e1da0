import BosunBasics
import Foundation

/// What a webhook is told of a run: that it started, or how it ended. Its JSON body,
/// `bosun.notification/v1`, is documented in docs/notifications.md; its `text` is the same news
/// in one line for people (Slack's incoming webhooks show `text`).
package struct RunNotification: Sendable {
    package enum Event: String, Sendable, CaseIterable {
        case started, succeeded, failed
        /// The environment went back to an earlier release: a failed release undone by the run
        /// itself (exit 3), or a `bosun rollback` that succeeded.
        case rolledBack = "rolled_back"
        case interrupted
    }

    /// Which command started the run.
    package enum Command: String, Sendable {
        case apply, rollback
    }

    /// The run, as known when it starts.
    package struct Run: Sendable {
        package var id: String
        package var plan: String
        package var environment: String
        package var command: Command
        package var source: RunSource?
        package var actor: Actor
        package var startedAt: Date
        /// `bosun rollback --env`: the run whose release it restores.
        package var restores: String?
        /// `bosun rollback --service`: the deployment.
        package var service: String?
        /// `apply --resume`: the run this one continues.
        package var resumedFrom: String?

        package init(id: String, plan: String, environment: String, command: Command, source: RunSource?, actor: Actor,
                     startedAt: Date, restores: String? = nil, service: String? = nil, resumedFrom: String? = nil) {
            self.id = id
            self.plan = plan
            self.environment = environment
            self.command = command
            self.source = source
            self.actor = actor
            self.startedAt = startedAt
            self.restores = restores
            self.service = service
            self.resumedFrom = resumedFrom
        }
    }

    package static let schema = "bosun.notification/v1"
    /// The body lists this many failed steps at most (`failedStepCount` counts them all), each
    /// message cut to ``messageLimit`` characters: a webhook gets a message, not a log.
    package static let failedStepLimit = 50
    package static let messageLimit = 2000

    package var event: Event
    package var run: Run
    /// How the run ended; nil for `started`.
    package var report: RunReport?

    /// The start of `run`.
    package static func started(_ run: Run) -> RunNotification {
        RunNotification(event: .started, run: run, report: nil)
    }

    /// The end of `run`, as `report` says it went.
    package static func ended(_ run: Run, report: RunReport) -> RunNotification {
        RunNotification(event: event(ending: report, command: run.command), run: run, report: report)
    }

    static func event(ending report: RunReport, command: Command) -> Event {
        switch report.outcome {
        case .succeeded: command == .rollback ? .rolledBack : .succeeded
        case .interrupted: .interrupted
        case .failed, .running: report.exitCode == ExitStatus.rolledBack.rawValue ? .rolledBack : .failed
        }
    }

    /// The steps that made the run fail, in node order.
    package var failedSteps: [StepRecord] { report?.records.filter(\.state.isFailure) ?? [] }

    /// The JSON body, keys sorted, every string masked by `redactor`.
    package func body(redactor: Redactor) -> [UInt8] {
        var json = JSONWriter(pretty: false, reservingCapacity: 1024)
        let masked = { (text: String?) in text.map(redactor.redact) }
        json.object { json in
            json.field("command", run.command.rawValue)
            json.field("commit", masked(run.source?.commit))
            json.field("durationSeconds", report.map { ($0.duration * 1000).rounded() / 1000 })
            json.field("environment", masked(run.environment))
            json.field("event", event.rawValue)
            json.field("exitCode", report.map { Int($0.exitCode) })
            if report != nil {
                json.field("failedStepCount", failedSteps.count)
                json.field("failedSteps") { json in
                    json.array { json in
                        for step in failedSteps.prefix(Self.failedStepLimit) {
                            json.object { json in
                                json.field("id", masked(step.id))
                                json.field("message", step.message.map { Self.cut(redactor.redact($0), to: Self.messageLimit) })
                                json.field("state", step.state.rawValue)
                            }
                        }
                    }
                }
            }
            json.field("finishedAt", report.map { ISODate.text($0.finishedAt) })
            json.field("outcome", report?.outcome.rawValue)
            json.field("plan", masked(run.plan))
            json.field("restores", masked(run.restores))
            json.field("resumedFrom", masked(run.resumedFrom))
            json.field("revision", masked(run.source?.requestedRevision))
            json.field("run", masked(run.id))
            json.field("schema", Self.schema)
            json.field("service", masked(run.service))
            json.field("startedAt", ISODate.text(report?.startedAt ?? run.startedAt))
            json.field("text", text(redactor: redactor))
            json.field("user", masked(run.actor.text))
            json.field("workingTree", run.source?.workingTree)
        }
        return json.bytes
    }

    /// One line for people, masked, with `&`, `<` and `>` escaped as Slack's `text` needs them.
    package func text(redactor: Redactor) -> String {
        redactor.redact(sentence(redactor))
            .replacingOccurrences(of: "&", with: "&amp;")
            .replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }

    private func sentence(_ redactor: Redactor) -> String {
        let what = run.command == .rollback ? "rollback" : "run"
        let subject = "Bosun: \(what) \(run.id) of \(run.plan) on \(run.environment)"
        let took = report.map { " after \(DurationSyntax.format(seconds: $0.duration))" } ?? ""
        let exit = report.map { " (exit \($0.exitCode))" } ?? ""
        switch event {
        case .started:
            let commit = run.source?.commit.map { ", commit \($0.prefix(12))" } ?? ""
            let dirty = run.source?.isDirty == true ? " with local changes" : ""
            return "\(subject) started by \(run.actor.text)\(commit)\(dirty)"
        case .succeeded:
            return "\(subject) succeeded\(took) (\(run.actor.text))"
        case .rolledBack where report?.outcome == .succeeded:
            let restored = run.restores.map { "the release of run \($0)" } ?? run.service.map { "deployment \($0)" } ?? "an earlier release"
            return "\(subject) restored \(restored)\(took) (\(run.actor.text))"
        case .rolledBack:
            return "\(subject) rolled back: the release failed and was undone\(exit)\(took)\(failures(redactor))"
        case .failed:
            return "\(subject) failed\(exit)\(took)\(failures(redactor))"
        case .interrupted:
            return "\(subject) was interrupted\(took)\(failures(redactor))"
        }
    }

    /// `: step a/b: its message; 2 more failed`, the first failure only.
    /// (Masked before it is cut: a secret cut in two would no longer be found.)
    private func failures(_ redactor: Redactor) -> String {
        guard let first = failedSteps.first else { return "" }
        let message = first.message.map { ": " + Self.firstLine(redactor.redact($0), limit: 200) } ?? ""
        let more = failedSteps.count > 1 ? "; \(failedSteps.count - 1) more failed" : ""
        return ": step \(first.id)\(message)\(more)"
    }

    private static func firstLine(_ text: String, limit: Int) -> String {
        cut(text.split(whereSeparator: \.isNewline).first.map(String.init) ?? "", to: limit)
    }

    /// `text`, or its first `limit` characters and `…` (cut after masking: a secret cut in two
    /// would no longer be found).
    private static func cut(_ text: String, to limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit)) + "…" : text
    }
}
