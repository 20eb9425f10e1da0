import Foundation
import PlanModel

/// Where a step is in a run, and how it ended.
package enum StepState: String, Codable, Sendable, CaseIterable {
    case pending, running, succeeded, failed
    /// The last attempt ran past the step's `timeout` and was stopped.
    case timedOut
    /// The step failed and its `onFailure` commands undid it. Still a failure of the run.
    case rolledBack
    /// The step failed and so did its `onFailure` commands: the system may be half-changed.
    case rollbackFailed
    /// The step was running when the run stopped (another step failed, or Ctrl-C).
    case cancelled
    /// The step never started.
    case skipped

    /// True for the states that make a run fail by themselves.
    package var isFailure: Bool {
        switch self {
        case .failed, .timedOut, .rolledBack, .rollbackFailed: true
        default: false
        }
    }

    /// True once the step will not change any more.
    var isFinished: Bool { self != .pending && self != .running }
}

/// What happened to one step of a run: the row of the summary table and of `run.json` (its JSON:
/// Journal/StepRecord+JSON.swift).
package struct StepRecord: Sendable, Hashable {
    package var id: String
    package var kind: StepKind
    package var state: StepState
    /// Attempts started (0 for a skipped step).
    package var attempts: Int
    /// Exit status of the last process the step ran, when it ran one.
    package var exitStatus: Int32?
    package var startedAt: Date?
    package var finishedAt: Date?
    /// Seconds from the first attempt's start to the end (retries and rollback included).
    package var duration: Double?
    /// Why the step failed, was cancelled or skipped.
    package var message: String?

    package init(
        id: String, kind: StepKind, state: StepState, attempts: Int = 0, exitStatus: Int32? = nil,
        startedAt: Date? = nil, finishedAt: Date? = nil, duration: Double? = nil, message: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.state = state
        self.attempts = attempts
        self.exitStatus = exitStatus
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.duration = duration
        self.message = message
    }
}
