import BosunBasics
import Execution
import Foundation
import PlanModel

/// For environments with `cluster_lock: true`: connects through the provider (the run's
/// kubeconfig does not exist before that), takes the Lease, and keeps renewing it until released.
final class ClusterLockGate: Sendable {
    let lease: ClusterLease
    /// The holder `--force-unlock` evicted, for the journal.
    let evicted: String?
    private let renewal: Task<Void, Never>

    private init(lease: ClusterLease, evicted: String?) {
        self.lease = lease
        self.evicted = evicted
        renewal = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(lease.renewInterval))
                if Task.isCancelled { break }
                await lease.renew()
            }
        }
    }

    /// nil when the environment does not use a cluster lock.
    static func acquire(for plan: CompiledPlan, runID: String, force: Bool, console: Console) async throws -> ClusterLockGate? {
        guard plan.clusterLock else { return nil }
        try PrivateFiles.createFolder(plan.runDirectory)
        for command in plan.providerCheck {
            let (outcome, _) = await SubprocessRunner().runCollecting(command, workingDirectory: plan.workingDirectory, stepID: "cluster-lock")
            guard outcome.succeeded else {
                console.error("cannot take the cluster lock: connecting to the cluster failed: \(outcome.message ?? "failed")")
                throw BosunExit.failure.exitCode
            }
        }
        let identity = "run \(runID) (pid \(getpid()), \(ProcessInfo.processInfo.environment["USER"] ?? "?")@\(ProcessInfo.processInfo.hostName))"
        let lease = ClusterLease(planName: plan.planName, environment: plan.environment, holder: identity,
                                 kubeconfig: plan.kubeconfig, workingDirectory: plan.workingDirectory)
        do {
            let evicted = try await lease.acquire(force: force)
            if let evicted { console.progress(console.errorStyle.warning("warning: ") + "took the cluster lock from \(evicted)") }
            return ClusterLockGate(lease: lease, evicted: evicted)
        } catch {
            console.error(error.description)
            throw BosunExit.failure.exitCode
        }
    }

    func release() async {
        renewal.cancel()
        await lease.release()
    }
}
