import Foundation
import PlanModel

/// How a run is scheduled: parallelism, failure policy, which steps, and timing of retries.
package struct ExecutionOptions: Sendable {
    /// Most steps running at once (barriers do not count). At least 1.
    package var concurrency: Int
    /// On a failure, finish every branch that does not depend on the failed step instead of
    /// stopping the run at once.
    package var keepGoing: Bool
    /// Step ids to run with everything they transitively need; empty means the whole plan.
    package var targets: [String]
    /// Seconds a cancelled command gets between SIGTERM and SIGKILL.
    package var gracePeriod: Double
    /// Seconds before the first retry; each further retry waits twice as long, at most
    /// ``maxRetryDelay``.
    package var retryBaseDelay: Double
    /// Ids of steps that succeeded in the run being resumed: they are not run again.
    package var alreadySucceeded: Set<String>
    /// The id of the run being resumed, for the records of the steps carried over.
    package var resumedFrom: String?
    /// Run the targets alone, not what they need (`--only`): for re-running one step of an
    /// environment that is otherwise in place.
    package var onlyTargets = false
    /// How a second interruption reaches the undo of steps a first one stopped half-way.
    package var undoControl = UndoControl()

    /// The longest wait between two attempts of a step.
    static let maxRetryDelay = 30.0

    /// Never fewer than 4: most steps wait on remote APIs, not on local cores. Read once: the
    /// processor count reads the cgroup's CPU quota from /sys each time it is asked.
    package static let defaultConcurrency = max(4, ProcessInfo.processInfo.activeProcessorCount)

    package init(
        concurrency: Int = ExecutionOptions.defaultConcurrency, keepGoing: Bool = false, targets: [String] = [],
        gracePeriod: Double = 5, retryBaseDelay: Double = 1, alreadySucceeded: Set<String> = [], resumedFrom: String? = nil
    ) {
        self.alreadySucceeded = alreadySucceeded
        self.resumedFrom = resumedFrom
        self.concurrency = concurrency
        self.keepGoing = keepGoing
        self.targets = targets
        self.gracePeriod = gracePeriod
        self.retryBaseDelay = retryBaseDelay
    }

    /// Targets that name no step of `plan`, for the CLI to reject before running.
    package func unknownTargets(in plan: CompiledPlan) -> [String] {
        targets.filter { plan.index(of: $0) == nil }
    }

    /// The wait before attempt `attempt + 1`, after `attempt` failed attempts.
    func retryDelay(afterAttempt attempt: Int) -> Double {
        min(Self.maxRetryDelay, retryBaseDelay * pow(2, Double(max(0, attempt - 1))))
    }
}
