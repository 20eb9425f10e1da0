import Foundation

/// A run as its environment's cluster remembers it: a ConfigMap per run in `bosun-system`,
/// written when the run takes the cluster lock and again when it ends (``ClusterRecords``). It
/// holds what a rollback from another machine needs (the commit, every variable with secrets as
/// digests, each deployment's release before and after) and what `history` shows, and stays a
/// few kilobytes whatever the plan's size: steps are counted, not listed.
package struct RunRecord: Sendable, Hashable {
    package var runID: String
    package var planName: String
    package var environment: String
    package var outcome: RunStatus
    package var startedAt: Date
    package var finishedAt: Date?
    package var exitCode: Int32?
    package var commit: String?
    /// The revision asked for (`--rev`, a pin), when not the working tree.
    package var requestedRevision: String?
    package var dirty: Bool
    package var planDigest: String?
    package var restores: String?
    package var service: String?
    package var resumedFrom: String?
    package var release: ReleaseRecord?
    package var startedBy: Actor
    package var steps: StepCounts
    /// The first ``failedStepLimit`` steps that failed, for `history`.
    package var failedSteps: [String]
    /// Why a run that could not record its own end is over (its lock expired, or was released),
    /// set by whoever found out; and the `--force-unlock` that evicted it.
    package var endNote: String?
    /// The approvals answered from the cluster (`bosun approve`/`reject`).
    package var approvals: [ApprovalAnswer] = []

    package static let failedStepLimit = 20

    /// The record of a run from its journal.
    package init(metadata: RunMetadata, records: [StepRecord], startedBy: Actor) {
        runID = metadata.runID
        planName = metadata.planName
        environment = metadata.environment
        outcome = metadata.outcome
        startedAt = metadata.startedAt
        finishedAt = metadata.finishedAt
        exitCode = metadata.exitCode
        commit = metadata.source?.commit
        requestedRevision = metadata.source?.requestedRevision
        dirty = metadata.source?.isDirty ?? false
        planDigest = metadata.source?.planDigest
        restores = metadata.restores
        service = metadata.service
        resumedFrom = metadata.resumedFrom
        release = metadata.release
        self.startedBy = startedBy
        steps = StepCounts(records)
        failedSteps = Array(records.filter { $0.state.isFailure }.map(\.id).prefix(Self.failedStepLimit))
    }

    package init(runID: String, planName: String, environment: String, outcome: RunStatus, startedAt: Date, startedBy: Actor) {
        self.runID = runID
        self.planName = planName
        self.environment = environment
        self.outcome = outcome
        self.startedAt = startedAt
        self.startedBy = startedBy
        dirty = false
        steps = StepCounts([])
        failedSteps = []
    }

    /// The run as `history`, `runs` and `rollback` list runs.
    package var summary: RunSummary {
        var summary = RunSummary(
            id: runID, planName: planName, environment: environment, outcome: outcome, startedAt: startedAt,
            duration: finishedAt.map { $0.timeIntervalSince(startedAt) }, steps: steps, commit: commit, dirty: dirty,
            exitCode: exitCode, release: release, restores: restores, service: service, resumedFrom: resumedFrom)
        summary.startedBy = startedBy.text
        summary.note = endNote
        summary.recordedInCluster = true
        return summary
    }
}

/// An answer to an `approve:` step given from any machine.
package struct ApprovalAnswer: Sendable, Hashable, Codable {
    package enum Decision: String, Sendable, Codable { case waiting, approved, rejected, timedOut = "timed-out" }

    package var step: String
    package var prompt: String
    package var decision: Decision
    package var since: Date
    /// Who answered, and when (nil while waiting).
    package var by: String?
    package var at: Date?
}
