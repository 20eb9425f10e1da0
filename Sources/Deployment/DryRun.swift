import BosunBasics
import Execution
import Foundation
import PlanModel
import Revisions

/// Dry runs: the plan a run would run, and (`apply --dry-run`) the run itself driven through the
/// executor with ``DryRunRunner``, so that it goes through exactly the scheduling of a real run
/// (ninja's `-n`) while nothing starts, nothing is journaled and no lock is taken.
enum DryRun {
    static func apply(_ request: ApplyRequest, listener: any ApplyListener, control: RunControl) async throws(DeploymentError) -> ApplyResult {
        let preview = try Deployment.preview(PreviewRequest(source: request.source, stateDirectory: request.stateDirectory))
        if let warning = preview.warning { listener.notice(warning) }
        var plan = try request.derive?(preview.plan) ?? preview.plan
        plan = plan.redacted()
        if !plan.warnings.isEmpty { listener.warn(plan.warnings) }
        var options = ExecutionOptions(
            concurrency: request.options.concurrency, keepGoing: request.options.keepGoing,
            targets: request.selection.targets + request.selection.only, gracePeriod: request.options.gracePeriod)
        options.onlyTargets = !request.selection.only.isEmpty
        if options.onlyTargets {
            options.targets += plan.realSteps.filter { $0.kind == .connect || $0.kind == .clusterLock }.map(\.id)
        }
        try request.selection.refuseUnknown(options, in: plan, source: request.source, listing: "`bosun plan`")
        let runID = "dry-run"
        listener.starting(runID: runID, source: preview.source, plan: plan)
        let executor = Executor(plan: plan, runner: request.runner ?? DryRunRunner(), options: options, observer: listener.progress)
        let report = await control.run(executor)
        return ApplyResult(runID: runID, report: report, journal: nil, journalFailure: nil, plan: plan)
    }
}

/// `bosun plan`: which plan, from where, for which environment.
package struct PreviewRequest: Sendable {
    package var source: PlanSource
    /// The state folder whose `runs/<run>` is shown as the run folder.
    package var stateDirectory: String

    package init(source: PlanSource, stateDirectory: String) {
        self.source = source
        self.stateDirectory = stateDirectory
    }
}

/// The plan a run would run (not masked: render `plan.shown().redacted()`).
package struct Preview: Sendable {
    package var plan: CompiledPlan
    package var source: RunSource
    /// Why the plan shown is not the one `apply` would take (a protected environment's working tree).
    package var warning: String?
}

extension Deployment {
    /// The plan `apply` would run, compiled as it would be, with the run folder `<state>/runs/<run>`
    /// (``CompiledPlan/shown()`` writes its commands that way). A revision is materialized into a
    /// scratch folder, removed afterwards.
    package static func preview(_ request: PreviewRequest) throws(DeploymentError) -> Preview {
        let source = request.source
        let scratch = FileManager.default.temporaryDirectory.appending(path: "bosun-plan-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let (policy, written) = try source.policyAndDocument()
        let checkout = try source.checkout(workspace: scratch, policy: policy, dryRun: true)
        let runFolder = request.stateDirectory + "/runs/<run>"
        var plan = try source.compile(checkout.plan, runDirectory: runFolder, reusing: written)
        // Where `bosun apply` will put the revision's files, not where the dry run read them: the
        // commands name the folder `{plan}`, so nothing else changes.
        plan.workingDirectory = checkout.plan.planFolder(inWorkspace: runFolder + "/workspace")
        return Preview(plan: plan, source: PlanSource.source(of: checkout.plan, plan: plan), warning: checkout.warning)
    }
}
