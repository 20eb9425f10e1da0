import Foundation

/// One line of `bosun runs`: a past run at a glance (its JSON: RunSummary+JSON.swift).
package struct RunSummary: Sendable, Hashable {
    package var id: String
    package var planName: String
    package var environment: String
    package var outcome: RunStatus
    package var startedAt: Date
    /// Nil while running, or when the process was killed before it could record the end.
    package var duration: Double?
    package var steps: StepCounts
    /// The commit the run's plan came from, when known.
    package var commit: String?
    /// True when the run used the working tree with local changes.
    package var dirty: Bool
    package var exitCode: Int32?
    /// What it released: variables, and the deployments before and after.
    package var release: ReleaseRecord?
    /// The run whose release this one restored (`bosun rollback --env`).
    package var restores: String?
    /// Set for an operator's `bosun rollback --service` run: the deployment it rolled back.
    package var service: String?
    /// The run this one resumed (`bosun apply --resume`).
    package var resumedFrom: String?
    /// Who started it and from where (`alice@laptop`), when its cluster record says.
    package var startedBy: String? = nil
    /// Why it ended as it did when it could not say so itself (its lock expired: interrupted).
    package var note: String? = nil
    /// Whether the environment's cluster holds its record (else: only this machine's journal).
    package var recordedInCluster = false
}

/// How many steps of a run ended which way.
package struct StepCounts: Sendable, Hashable {
    package var total = 0
    package var succeeded = 0
    /// Failed, timed out, rolled back or failed to roll back.
    package var failed = 0
    package var cancelled = 0
    package var skipped = 0

    package init(_ records: [StepRecord]) {
        total = records.count
        for record in records {
            switch record.state {
            case .succeeded: succeeded += 1
            case .cancelled: cancelled += 1
            case .skipped: skipped += 1
            case let state where state.isFailure: failed += 1
            default: break
            }
        }
    }
}
