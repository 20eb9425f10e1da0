import Foundation
import PlanModel
import Synchronization

/// A run's hold on its environment's cluster lock, and its record in the cluster. The plan's
/// `cluster-lock` step takes the Lease (through ``take(lease:context:)``) and writes the run's
/// record; ``holding(force:lease:records:warn:_:)`` scopes the hold: while its body runs a child
/// task renews the Lease once taken, and when the body ends (succeeded, failed, interrupted, or
/// threw anywhere after the lock) the run's final record is written and the Lease released.
package final class ClusterLeaseHold: Sendable {
    private let force: Bool
    private let makeLease: @Sendable (String) -> ClusterLease
    private let keeper: RunRecordKeeper?
    private let warn: @Sendable (String) -> Void
    private let taken: AsyncStream<ClusterLease>.Continuation
    private let state = Mutex<(lease: ClusterLease?, evicted: String?)>((nil, nil))

    private init(force: Bool, makeLease: @escaping @Sendable (String) -> ClusterLease, keeper: RunRecordKeeper?,
                 warn: @escaping @Sendable (String) -> Void, taken: AsyncStream<ClusterLease>.Continuation) {
        self.force = force
        self.makeLease = makeLease
        self.keeper = keeper
        self.warn = warn
        self.taken = taken
    }

    /// The holder `--force-unlock` evicted, once the lock is taken.
    package var evicted: String? { state.withLock { $0.evicted } }

    /// The Lease held, if the lock step has taken it.
    package var lease: ClusterLease? { state.withLock { $0.lease } }

    /// The run's records in the cluster, once the lock is taken (nil: the run keeps none).
    package var records: ClusterRecords? {
        guard keeper != nil, let lease else { return nil }
        return ClusterRecords(kubectl: lease.kubectl)
    }

    /// Runs `body` holding whatever lock its run takes; `lease` makes the Lease of a name;
    /// `records` keeps the run's record (nil: none); `warn` is told what went wrong around it.
    package static func holding<Result: Sendable>(
        force: Bool, lease: @escaping @Sendable (String) -> ClusterLease, records keeper: RunRecordKeeper? = nil,
        warn: @escaping @Sendable (String) -> Void = { _ in }, _ body: @Sendable (ClusterLeaseHold) async -> Result
    ) async -> Result {
        let (stream, continuation) = AsyncStream.makeStream(of: ClusterLease.self, bufferingPolicy: .bufferingNewest(1))
        let hold = ClusterLeaseHold(force: force, makeLease: lease, keeper: keeper, warn: warn, taken: continuation)
        return await withTaskGroup(of: Void.self, returning: Result.self) { group in
            group.addTask {
                for await lease in stream {
                    var lost = false
                    while !Task.isCancelled {
                        try? await Task.sleep(for: .seconds(lease.renewInterval))
                        if Task.isCancelled { break }
                        if !(await lease.renew()), !lost {
                            lost = true
                            warn("this run lost the cluster lock \(ClusterLease.namespace)/\(lease.name): it was released or taken "
                                 + "by another run (`bosun lock status` names the holder); two runs may now change the environment")
                        }
                    }
                    break
                }
            }
            let result = await body(hold)
            continuation.finish()
            group.cancelAll()
            await group.waitForAll()
            if let held = hold.lease {
                // Not cancelled with the caller (a Ctrl-C'd run still records its end and deletes
                // its Lease): a new task.
                await Task {
                    if let keeper, let problem = await keeper.finished(in: ClusterRecords(kubectl: held.kubectl)) { warn(problem) }
                    await held.release()
                }.value
            }
            return result
        }
    }

    /// The lock step's command: takes the Lease `name` (evicting its holder with `--force-unlock`)
    /// and writes the run's record; a record that cannot be written fails the step, before
    /// anything changed.
    package func take(lease name: String, context: CommandContext) async -> CommandOutcome {
        if let held = lease { return .success(message: "the cluster lock \(held.name) is already held by this run") }
        let lease = makeLease(name)
        let takeover: ClusterLease.Takeover?
        do {
            takeover = try await lease.acquire(force: force)
        } catch {
            return .failure(error.description)
        }
        if let keeper {
            do throws(ClusterStateError) {
                try await keeper.started(in: ClusterRecords(kubectl: lease.kubectl), takeover: takeover)
            } catch {
                await lease.release()
                return .failure("cannot write the run's record into the cluster (\(ClusterKubectl.namespace)): \(error)\n"
                    + "  hint: the run needs to create ConfigMaps in \(ClusterKubectl.namespace); `records: false` in the plan keeps no records")
            }
        }
        state.withLock { $0 = (lease, takeover.flatMap { $0.forced ? $0.previous.holder : nil }) }
        taken.yield(lease)
        if let takeover {
            let how = takeover.forced ? "(--force-unlock)" : "(its lease had expired: that run is recorded as interrupted)"
            context.emit("took the cluster lock from \(takeover.previous.holder) \(how)")
        }
        if keeper != nil { context.emit("recorded as \(ClusterKubectl.namespace)/configmap/\(RecordLabels.recordName(runID: lease.runID))") }
        return .success(message: "holding Lease \(ClusterLease.namespace)/\(name) as \(lease.holder)")
    }
}
