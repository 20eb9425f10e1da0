import Foundation

/// How a run ended as a whole.
public enum RunOutcome: String, Codable, Sendable {
    case succeeded, failed
    /// Stopped from outside (Ctrl-C): running steps were cancelled, the rest skipped.
    case interrupted

    /// The process exit status that goes with the outcome (130 is the shell's "killed by SIGINT").
    public var exitCode: Int32 {
        switch self {
        case .succeeded: ExitStatus.success.rawValue
        case .failed: ExitStatus.failure.rawValue
        case .interrupted: ExitStatus.interrupted.rawValue
        }
    }
}

/// The result of ``Executor/run()``: one record per step taken into the run, and the outcome.
public struct RunReport: Sendable, Codable {
    /// Real (non-barrier) steps of the run, in node order. With targets, only the steps targeted
    /// and what they need.
    public var records: [StepRecord]
    public var outcome: RunOutcome
    public var exitCode: Int32
    public var startedAt: Date
    public var finishedAt: Date
    /// The deployments the run touched, before and after (the release record).
    public var deployments: [DeploymentRelease] = []

    /// Exit status of a failed run whose every failure was a release undone by its rollback:
    /// the environment is back where it was.
    public static let rolledBackExitCode = ExitStatus.rolledBack.rawValue
    /// Exit status of a run in which a rollback itself failed: the environment may be half-changed.
    public static let rollbackFailedExitCode = ExitStatus.rollbackFailed.rawValue

    public init(records: [StepRecord], outcome: RunOutcome, startedAt: Date, finishedAt: Date) {
        self.records = records
        self.outcome = outcome
        let failures = records.filter(\.state.isFailure)
        self.exitCode = if outcome != .failed { outcome.exitCode }
            else if failures.contains(where: { $0.state == .rollbackFailed }) { Self.rollbackFailedExitCode }
            else if !failures.isEmpty && failures.allSatisfy({ $0.state == .rolledBack }) { Self.rolledBackExitCode }
            else { outcome.exitCode }
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    public var duration: Double { finishedAt.timeIntervalSince(startedAt) }

    /// The record of the step with this id.
    public func record(_ id: String) -> StepRecord? { records.first { $0.id == id } }
}
