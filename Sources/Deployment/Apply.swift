import BosunBasics
import Execution
import Foundation
import PlanModel
import Revisions

/// The application's calls: what `bosun apply`, `plan` and `rollback` do, with typed requests,
/// results and errors. The CLI parses arguments into requests and renders what comes back.
package enum Deployment {
    /// One `apply`: holds the environment's lock, checks the plan out and compiles it, checks
    /// a resume, the tools and the local files, journals the run, and runs it (holding the
    /// cluster lock its `cluster-lock` step takes, released when the run ends however it ends).
    /// Throws before the first step only; a run that started returns its result. Once the run
    /// has ended and the lock is released, its journal is uploaded to the plan's `state.s3`
    /// (see ``JournalPublishing``), and its webhooks are told how it ended (``RunNotifier``):
    /// neither outcome ever changes the run's.
    package static func apply(_ request: ApplyRequest, listener: any ApplyListener, control: RunControl = RunControl())
        async throws(DeploymentError) -> ApplyResult {
        if request.dryRun { return try await DryRun.apply(request, listener: listener, control: control) }
        let result = try await run(request, listener: listener, control: control)
        return await RunNotifier.finish(await JournalPublishing.publish(result, runner: request.runner))
    }

    private static func run(_ request: ApplyRequest, listener: any ApplyListener, control: RunControl)
        async throws(DeploymentError) -> ApplyResult {
        let runID = RunID.make()
        let (policy, written) = try request.source.policyAndDocument()
        let planName = written.name.value
        do {
            return try await EnvironmentLock.holding(
                planFile: request.source.planPath, planName: planName, environment: request.source.environment, runID: runID,
                stateDir: URL(fileURLWithPath: request.stateDirectory).standardizedFileURL.path
            ) {
                try await RunPreparation(request: request, runID: runID, planName: planName, listener: listener, control: control)
                    .run(policy: policy, written: written)
            }
        } catch let error as DeploymentError {
            throw error
        } catch {
            throw .refused("\(error)")
        }
    }
}
