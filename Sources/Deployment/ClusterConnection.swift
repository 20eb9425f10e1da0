import BosunBasics
import Execution
import Foundation
import PlanModel
import Revisions

/// A connection to an environment's cluster for commands that read or answer what runs keep
/// there (`history`, `rollback`, `lock`, `approve`): the plan's connect steps, run exactly as a
/// run runs them, write the kubeconfig into a private scratch folder, removed by ``close()``.
package struct ClusterConnection: Sendable {
    package let plan: CompiledPlan
    package let kubectl: ClusterKubectl
    let scratch: String

    package var records: ClusterRecords { ClusterRecords(kubectl: kubectl) }

    /// The cluster lock's Lease of this plan and environment.
    package var lease: ClusterLease? {
        guard let step = plan.realSteps.first(where: { $0.kind == .clusterLock }),
              case .clusterLock(let name) = step.intent else { return nil }
        return ClusterLease(name: name, runID: "", actor: Actor.current(), kubectl: kubectl)
    }

    /// Removes the scratch folder and the credentials in it.
    package func close() {
        try? FileManager.default.removeItem(atPath: scratch)
    }
}

extension Deployment {
    /// Connects to the cluster of `source`'s environment, with the plan of the working tree (who
    /// may read or answer is decided by what is checked in now). Nil when the environment keeps
    /// no records and has no cluster lock: there is nothing of Bosun's in its cluster to read.
    package static func connect(_ source: PlanSource, control: RunControl = RunControl(), runner: (any CommandRunner)? = nil)
        async throws(DeploymentError) -> ClusterConnection? {
        let scratch: String
        do {
            scratch = try PrivateFiles.temporaryFolder(prefix: "bosun-connect")
        } catch {
            throw .refused("cannot create a private scratch folder in \(FileManager.default.temporaryDirectory.path): \(SystemErrorText.of(error))")
        }
        do throws(DeploymentError) {
            var workingTree = source
            workingTree.request = SourceRequest(workingTree: true)
            let (_, written) = try workingTree.policyAndDocument()
            let plan = try workingTree.compile(PlanCheckout.workingTree(planPath: source.planPath), runDirectory: scratch, reusing: written)
            guard plan.recordsKept != nil || plan.clusterLock else {
                try? FileManager.default.removeItem(atPath: scratch)
                return nil
            }
            try source.refuseMissingLocalFiles(of: plan)
            let connects = plan.realSteps.filter { $0.kind == .connect }.map(\.id)
            var options = ExecutionOptions(concurrency: 4, keepGoing: false, targets: connects)
            options.onlyTargets = true
            let report = await control.run(Executor(plan: plan, runner: runner ?? SubprocessRunner(), options: options, observer: SilentObserver()))
            if report.outcome == .interrupted { throw DeploymentError.interrupted }
            if let failed = report.records.first(where: { $0.state.isFailure }) {
                let redactor = Redactor(secrets: plan.secrets)
                throw DeploymentError.refused(redactor.redact("cannot connect to \(plan.environment): step \(failed.id) failed: \(failed.message ?? "no message")"))
            }
            let kubectl = ClusterKubectl(kubeconfig: plan.kubeconfigPath, workingDirectory: plan.workingDirectory, runner: runner ?? SubprocessRunner())
            return ClusterConnection(plan: plan, kubectl: kubectl, scratch: scratch)
        } catch {
            try? FileManager.default.removeItem(atPath: scratch)
            throw error
        }
    }
}

/// Connecting shows nothing but its failure.
struct SilentObserver: ExecutionObserver {
    func handle(_ event: ExecutionEvent) {}
}
