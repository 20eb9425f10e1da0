import Foundation

/// The result of ``Executor/run()``: one record per step taken into the run, and the outcome.
public struct RunReport: Sendable {
    /// Real (non-barrier) steps of the run, in node order. With targets, only the steps targeted
    /// and what they need.
    public var records: [StepRecord]
    /// Never `running`.
    public var outcome: RunStatus
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

    public init(records: [StepRecord], outcome: RunStatus, startedAt: Date, finishedAt: Date) {
        self.records = records
        self.outcome = outcome
        let failures = records.filter(\.state.isFailure)
        self.exitCode = if outcome != .failed { outcome.exitCode ?? 1 }
            else if failures.contains(where: { $0.state == .rollbackFailed }) { Self.rollbackFailedExitCode }
            else if !failures.isEmpty && failures.allSatisfy({ $0.state == .rolledBack }) { Self.rolledBackExitCode }
            else { outcome.exitCode ?? 1 }
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    public var duration: Double { finishedAt.timeIntervalSince(startedAt) }

    /// The record of the step with this id.
    public func record(_ id: String) -> StepRecord? { records.first { $0.id == id } }
}
