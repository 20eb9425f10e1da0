import Foundation

/// The result of ``Executor/run()``: one record per step taken into the run, and the outcome.
package struct RunReport: Sendable {
    /// Real (non-barrier) steps of the run, in node order. With targets, only the steps targeted
    /// and what they need.
    package var records: [StepRecord]
    /// Never `running`.
    package var outcome: RunStatus
    package var exitCode: Int32
    package var startedAt: Date
    package var finishedAt: Date
    /// The deployments the run touched, before and after (the release record).
    package var deployments: [DeploymentRelease] = []

    /// Exit status of a failed run whose every failure was a release undone by its rollback:
    /// the environment is back where it was.
    package static let rolledBackExitCode = ExitStatus.rolledBack.rawValue
    /// Exit status of a run in which a rollback itself failed: the environment may be half-changed.
    package static let rollbackFailedExitCode = ExitStatus.rollbackFailed.rawValue

    package init(records: [StepRecord], outcome: RunStatus, startedAt: Date, finishedAt: Date) {
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

    package var duration: Double { finishedAt.timeIntervalSince(startedAt) }

    /// The record of the step with this id.
    package func record(_ id: String) -> StepRecord? { records.first { $0.id == id } }
}
