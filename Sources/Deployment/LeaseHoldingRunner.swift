import Execution
import PlanModel
import Synchronization

/// The runner of a run that may take its environment's cluster lock: the `cluster-lock` step's
/// command goes to the run's ``ClusterLeaseHold``; every other command to the real runner.
struct LeaseHoldingRunner: CommandRunner {
    let inner: any CommandRunner
    let hold: ClusterLeaseHold
    /// Told of the holder `--force-unlock` evicted, as soon as it is (the journal records it).
    var evicted: @Sendable (String) -> Void = { _ in }

    func run(_ command: StepCommand, in context: CommandContext) async throws -> CommandOutcome {
        guard case .clusterLease(let lease) = command else { return try await inner.run(command, in: context) }
        let outcome = await hold.take(lease: lease, context: context)
        if let holder = hold.evicted { evicted(holder) }
        return outcome
    }
}

/// The run's ``ClusterLeaseHold`` for what is made before the hold exists (the approval gate
/// asks it for the run's records once the lock is taken).
final class HoldReference: Sendable {
    private let hold = Mutex<ClusterLeaseHold?>(nil)

    func set(_ value: ClusterLeaseHold) { hold.withLock { $0 = value } }

    var records: ClusterRecords? { hold.withLock { $0 }?.records }
}
