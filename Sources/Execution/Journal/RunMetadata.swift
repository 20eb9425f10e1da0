import Foundation

/// What a run was and how it ended: the head of `run.json` (its JSON: RunFile+JSON.swift).
package struct RunMetadata: Sendable, Hashable {
    package var runID: String
    package var planName: String
    package var planFile: String
    package var environment: String
    /// The command line that started the run.
    package var invocation: [String]
    package var startedAt: Date
    package var finishedAt: Date?
    package var outcome: RunStatus
    package var exitCode: Int32?
    /// The commit (or working tree) the run's plan came from; nil in journals of runs started
    /// through the library without one.
    package var source: RunSource?
    /// The run this one resumed (`bosun apply --resume`).
    package var resumedFrom: String?
    /// The holder of the cluster lock that `--force-unlock` evicted, when it did.
    package var evictedLockHolder: String?
    /// What the run released: variables and deployments before and after.
    package var release: ReleaseRecord?
    /// The run whose release this one restores (`bosun rollback --env`).
    package var restores: String?
    /// The deployment an operator's `bosun rollback --service` run rolled back (not a release).
    package var service: String?

    /// Seconds the run took, once it has finished.
    package var duration: Double? { finishedAt.map { $0.timeIntervalSince(startedAt) } }
}
