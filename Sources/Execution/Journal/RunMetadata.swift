import Foundation

/// What a run was and how it ended: the head of `run.json` (its JSON: RunFile+JSON.swift).
public struct RunMetadata: Sendable, Hashable {
    public var runID: String
    public var planName: String
    public var planFile: String
    public var environment: String
    /// The command line that started the run.
    public var invocation: [String]
    public var startedAt: Date
    public var finishedAt: Date?
    public var outcome: RunStatus
    public var exitCode: Int32?
    /// The commit (or working tree) the run's plan came from; nil in journals of runs started
    /// through the library without one.
    public var source: RunSource?
    /// The run this one resumed (`bosun apply --resume`).
    public var resumedFrom: String?
    /// The holder of the cluster lock that `--force-unlock` evicted, when it did.
    public var evictedLockHolder: String?
    /// What the run released: variables and deployments before and after.
    public var release: ReleaseRecord?
    /// The run whose release this one restores (`bosun rollback --env`).
    public var restores: String?
    /// The deployment an operator's `bosun rollback --service` run rolled back (not a release).
    public var service: String?

    /// Seconds the run took, once it has finished.
    public var duration: Double? { finishedAt.map { $0.timeIntervalSince(startedAt) } }
}
