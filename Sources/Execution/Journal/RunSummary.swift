import Foundation

/// One line of `bosun runs`: a past run at a glance (its JSON: RunSummary+JSON.swift).
public struct RunSummary: Sendable, Hashable {
    public var id: String
    public var planName: String
    public var environment: String
    public var outcome: RunStatus
    public var startedAt: Date
    /// Nil while running, or when the process was killed before it could record the end.
    public var duration: Double?
    public var steps: StepCounts
    /// The commit the run's plan came from, when known.
    public var commit: String?
    /// True when the run used the working tree with local changes.
    public var dirty: Bool
    public var exitCode: Int32?
    /// What it released: variables, and the deployments before and after.
    public var release: ReleaseRecord?
    /// The run whose release this one restored (`bosun rollback --env`).
    public var restores: String?
    /// Set for an operator's `bosun rollback --service` run: the deployment it rolled back.
    public var service: String?
    /// The run this one resumed (`bosun apply --resume`).
    public var resumedFrom: String?
}

/// How many steps of a run ended which way.
public struct StepCounts: Sendable, Hashable {
    public var total = 0
    public var succeeded = 0
    /// Failed, timed out, rolled back or failed to roll back.
    public var failed = 0
    public var cancelled = 0
    public var skipped = 0

    public init(_ records: [StepRecord]) {
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
