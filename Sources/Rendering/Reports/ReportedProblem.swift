import BosunBasics
import Execution

/// One thing a CI system should point at in the plan: a failed step or a plan diagnostic, with
/// where it is written. GitHub's annotations and GitLab's code-quality report are two renderings.
package struct ReportedProblem: Sendable, Hashable {
    package enum Severity: String, Sendable {
        case error, warning, notice
    }

    package var severity: Severity
    package var location: SourceLocation
    /// A short title: "step api/deploy failed", "plan error".
    package var title: String
    package var message: String
    /// What kind of problem, stable across runs (`bosun.step.failed`, `bosun.plan.error`): GitLab
    /// tells one report's problems from the next by it.
    package var check: String
    /// The step it concerns, when it is one.
    package var stepID: String?

    package init(severity: Severity, location: SourceLocation, title: String, message: String, check: String, stepID: String? = nil) {
        self.severity = severity
        self.location = location
        self.title = title
        self.message = message
        self.check = check
        self.stepID = stepID
    }

    /// The plan's diagnostics (notes inside them are told in their message).
    package static func diagnostics(_ diagnostics: [Diagnostic]) -> [ReportedProblem] {
        diagnostics.map { diagnostic in
            var message = diagnostic.message
            if let hint = diagnostic.hint { message += "\nhint: \(hint)" }
            for note in diagnostic.notes { message += "\nnote: \(note.location): \(note.message)" }
            let severity: Severity = switch diagnostic.severity {
            case .error: .error
            case .warning: .warning
            case .note: .notice
            }
            return ReportedProblem(
                severity: severity, location: diagnostic.location, title: "plan \(diagnostic.severity.rawValue)",
                message: message, check: "bosun.plan.\(diagnostic.severity.rawValue)")
        }
    }

    /// The steps of a run that failed (or were stopped, or never finished), at the line each is
    /// written on. Steps that were skipped or cancelled because of another failure are left out:
    /// the failure they follow from is the one to look at.
    package static func failedSteps(_ steps: [(id: String, location: SourceLocation, record: StepRecord)]) -> [ReportedProblem] {
        steps.compactMap { step in
            let state = step.record.state
            guard state.isFailure || state == .running else { return nil }
            let verb = switch state {
            case .timedOut: "timed out"
            case .rolledBack: "failed and was rolled back"
            case .rollbackFailed: "failed and its rollback failed"
            case .running: "was interrupted"
            default: "failed"
            }
            return ReportedProblem(
                severity: .error, location: step.location, title: "step \(step.id) \(verb)",
                message: step.record.message ?? "step \(step.id) \(verb)", check: "bosun.step.\(state.rawValue)", stepID: step.id)
        }
    }

    /// The failed steps of a run's timeline.
    package static func failedSteps(of timeline: RunTimeline) -> [ReportedProblem] {
        failedSteps(timeline.steps.map { ($0.id, $0.location, $0.record) })
    }
}
