import Foundation
import PlanModel
import Synchronization

/// A run's hold on its environment's cluster lock. The plan's `cluster-lock` step takes the
/// Lease (through ``take(lease:context:)``); ``holding(force:lease:_:)`` scopes the hold: while
/// its body runs a child task renews the Lease once taken, and when the body ends (succeeded,
/// failed, interrupted, or threw anywhere after the lock) the Lease is released.
package final class ClusterLeaseHold: Sendable {
    private let force: Bool
    private let makeLease: @Sendable (String) -> ClusterLease
    private let taken: AsyncStream<ClusterLease>.Continuation
    private let state = Mutex<(lease: ClusterLease?, evicted: String?)>((nil, nil))

    private init(force: Bool, makeLease: @escaping @Sendable (String) -> ClusterLease, taken: AsyncStream<ClusterLease>.Continuation) {
        self.force = force
        self.makeLease = makeLease
        self.taken = taken
    }

    /// The holder `--force-unlock` evicted, once the lock is taken.
    package var evicted: String? { state.withLock { $0.evicted } }

    /// The Lease held, if the lock step has taken it.
    package var lease: ClusterLease? { state.withLock { $0.lease } }

    /// Runs `body` holding whatever lock its run takes; `lease` makes the Lease of a name.
    package static func holding<Result: Sendable>(
        force: Bool, lease: @escaping @Sendable (String) -> ClusterLease, _ body: @Sendable (ClusterLeaseHold) async -> Result
    ) async -> Result {
        let (stream, continuation) = AsyncStream.makeStream(of: ClusterLease.self, bufferingPolicy: .bufferingNewest(1))
        let hold = ClusterLeaseHold(force: force, makeLease: lease, taken: continuation)
        return await withTaskGroup(of: Void.self, returning: Result.self) { group in
            group.addTask {
                for await lease in stream {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(lease.renewInterval))
                        if Task.isCancelled { break }
                        await lease.renew()
                    }
                    break
                }
            }
            let result = await body(hold)
            continuation.finish()
            group.cancelAll()
            await group.waitForAll()
            if let held = hold.lease {
                // Not cancelled with the caller (a Ctrl-C'd run still deletes its Lease): a new task.
                await Task { await held.release() }.value
            }
            return result
        }
    }

    /// The lock step's command: takes the Lease `name` (evicting its holder with `--force-unlock`).
    package func take(lease name: String, context: CommandContext) async -> CommandOutcome {
        if let held = lease { return .success(message: "the cluster lock \(held.name) is already held by this run") }
        let lease = makeLease(name)
        do {
            let evicted = try await lease.acquire(force: force)
            state.withLock { $0 = (lease, evicted) }
            taken.yield(lease)
            if let evicted { context.emit("took the cluster lock from \(evicted) (--force-unlock)") }
            return .success(message: "holding Lease \(ClusterLease.namespace)/\(name) as \(lease.holder)")
        } catch {
            return .failure(error.description)
        }
    }
}
