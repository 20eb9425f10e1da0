import BosunBasics
import ChangePreview
import Execution
import Foundation
import PlanModel
import Revisions

/// `bosun plan --live`: which plan, from where, how many probes at once, and which steps.
package struct LivePreviewRequest: Sendable {
    package var source: PlanSource
    package var concurrency = ExecutionOptions.defaultConcurrency
    package var selection = ChosenSteps()
    /// Runs the probes' commands; nil: real processes.
    package var runner: (any CommandRunner)?

    package init(source: PlanSource) {
        self.source = source
    }
}

/// What a live preview found (masked), and what to tell the user beside it.
package struct LivePreviewResult: Sendable {
    package var report: ChangeReport
    package var source: RunSource
    /// Why the plan previewed is not the one `apply` would take (a protected environment's working tree).
    package var warning: String?
    package var warnings: [Diagnostic]
    package var interrupted: Bool
}

extension Deployment {
    /// Previews what `apply` would change, read-only: the plan is checked out and compiled as
    /// `apply` would, with a private scratch folder as its run folder (the run's kubeconfig,
    /// Terraform's plan files and the probes' answers go there, and it is removed at the end).
    /// No lock is taken: nothing is changed.
    package static func livePreview(_ request: LivePreviewRequest, control: RunControl = RunControl())
        async throws(DeploymentError) -> LivePreviewResult {
        let source = request.source
        // Private before anything is written: the connect step puts the cluster's credentials here.
        let scratch: String
        do {
            scratch = try PrivateFiles.temporaryFolder(prefix: "bosun-preview")
        } catch {
            throw .refused("cannot create the preview's scratch folder in \(FileManager.default.temporaryDirectory.path): \(SystemErrorText.of(error))")
        }
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let runDirectory = scratch + "/run"
        let (policy, written) = try source.policyAndDocument()
        do {
            try PrivateFiles.createFolder(runDirectory)
            try PrivateFiles.createFolder(runDirectory + "/" + LivePreview.outputFolder)
        } catch {
            throw .refused("cannot create the preview's scratch folder \(scratch): \(SystemErrorText.of(error))")
        }
        let checkout = try source.checkout(workspace: runDirectory + "/workspace", policy: policy, dryRun: true)
        let plan = try source.compile(checkout.plan, runDirectory: runDirectory, reusing: written)
        let redactor = Redactor(secrets: plan.secrets)

        var options = ExecutionOptions(concurrency: request.concurrency, keepGoing: true,
                                       targets: request.selection.targets + request.selection.only)
        options.onlyTargets = !request.selection.only.isEmpty
        if options.onlyTargets {
            options.targets += plan.realSteps.filter { $0.kind == .connect || $0.kind == .terraformInit }.map(\.id)
        }
        try request.selection.refuseUnknown(options, in: plan, source: source, listing: "`bosun plan`")
        try source.refuseMissingLocalFiles(of: plan)
        let preview = LivePreview(plan: plan, runner: request.runner ?? SubprocessRunner())
        options.targets = preview.targets(options.targets, only: options.onlyTargets)
        // No tool preflight (its version commands cost the preview 0.2 s before its first probe):
        // a missing program fails the probes that start it, each naming it ("terraform: command
        // not found on PATH"), and a failed probe makes the preview incomplete (exit 1).
        do {
            try RunWorkspace.prepare(for: plan)
        } catch {
            throw .refused("cannot write the preview's files into \(scratch): \(SystemErrorText.of(error))")
        }
        if control.isInterrupted { throw .interrupted }
        let executor = Executor(plan: preview.plan, runner: preview.commandRunner, options: options, observer: SilentObserver())
        let run = await control.run(executor)
        let runSource = PlanSource.source(of: checkout.plan, plan: plan)
        var report = ChangeReport(plan: plan.planName, environment: plan.environment,
                                  source: runSource.workingTree ? "working tree" : (runSource.requestedRevision ?? runSource.commit ?? "revision"),
                                  commit: runSource.commit, steps: preview.steps(after: run))
        if run.outcome == .interrupted { report.problems.append("interrupted: the preview is incomplete") }
        return LivePreviewResult(report: report.redacted(redactor), source: runSource, warning: checkout.warning,
                                 warnings: plan.warnings, interrupted: run.outcome == .interrupted)
    }
}
