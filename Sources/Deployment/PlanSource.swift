import BosunBasics
import Execution
import Foundation
import PlanLoading
import PlanModel
import Providers
import Revisions

/// Where a command's plan comes from (``SourcePolicy``: `--rev`, the pin, or the working tree):
/// materializes a revision when needed, and compiles the plan found there.
package struct PlanSource: Sendable {
    package var reader: PlanReader
    package let environment: String
    package var request: SourceRequest

    package init(reader: PlanReader, environment: String, request: SourceRequest = SourceRequest()) {
        self.reader = reader
        self.environment = environment
        self.request = request
    }

    package var planPath: String { reader.plan }

    /// The environment's rules and the plan's name (`plan:`), read from the plan in the working
    /// tree (the plan being run may come from elsewhere, but who may run what is decided by what
    /// is checked in now).
    package func policyAndName() throws(DeploymentError) -> (policy: SourcePolicy, planName: String) {
        let (policy, document) = try policyAndDocument()
        return (policy, document.name.value)
    }

    /// The policy, and the working tree's plan it was read from: ``compile(_:runDirectory:reusing:)``
    /// takes it back when the run is from the working tree, so the plan is parsed once.
    func policyAndDocument() throws(DeploymentError) -> (policy: SourcePolicy, document: PlanDocument) {
        let document = try reader.loadDocument()
        let spec = document.environments.first { $0.name.value == environment }
        let policy = SourcePolicy(environment: environment, protected: spec?.protected ?? false, branch: spec?.branch?.value ?? "main")
        return (policy, document)
    }

    /// Checks the plan out under `policy` (from ``policyAndName()``): from the working tree, or
    /// materialized into `workspace` (it must not exist yet). A dry run of a protected environment
    /// without a pin or `--rev` uses the working tree, with `warning` set, instead of refusing: it
    /// runs nothing.
    package func checkout(workspace: String, policy: SourcePolicy, dryRun: Bool = false) throws(DeploymentError) -> Checkout {
        var policy = policy
        do {
            let pins = try PinFile.load(forPlan: planPath)
            var warning: String?
            if dryRun, policy.protected, request.revision == nil, request.workingTree || pins.pin(for: environment) == nil {
                warning = "environment '\(environment)' is protected: `bosun apply` refuses the working tree; pin a revision or pass --rev"
                policy.protected = false
            }
            switch try policy.choose(request, pin: pins.pin(for: environment), location: .file(planPath)) {
            case .workingTree:
                return Checkout(plan: PlanCheckout.workingTree(planPath: planPath), warning: warning)
            case .revision(let revision, let pinned):
                let plan = try PlanCheckout.revision(
                    pinned ? (pins.pin(for: environment)?.revision ?? revision) : revision, pinned: pinned,
                    commit: revision, planPath: planPath, into: workspace, policy: policy, request: request)
                return Checkout(plan: plan, warning: warning)
            }
        } catch {
            throw reader.invalid(error)
        }
    }

    /// A checked-out plan, and what a dry run says about choosing it.
    package struct Checkout: Sendable {
        package var plan: CheckedOutPlan
        package var warning: String?
    }

    /// Compiles the checked-out plan; diagnostics name the user's files.
    package func compile(_ checkout: CheckedOutPlan, runDirectory: String, reusing written: PlanDocument? = nil) throws(DeploymentError) -> CompiledPlan {
        var revisionReader = reader
        revisionReader.plan = checkout.planPath
        // Profiles come with the revision; a revision without them uses the working tree's, never
        // a providers/ folder found by walking up from the run's workspace.
        if reader.providers == nil, checkout.workspace != nil {
            revisionReader.providers = checkout.providersFolder ?? ProviderCatalog.locate(forPlanAt: planPath, explicit: nil)
        }
        revisionReader.revision = checkout.commit.flatMap { checkout.isWorkingTree ? nil : $0.label }
        if !checkout.isWorkingTree {
            revisionReader.shownPlan = planPath
            revisionReader.workingTreeFolder = URL(fileURLWithPath: planPath).standardizedFileURL.deletingLastPathComponent().path
        }
        let document = checkout.isWorkingTree && checkout.planPath == planPath ? written : nil
        return try revisionReader.compile(environment: environment, runDirectory: runDirectory, document: document)
    }

    /// A plan that connects cannot run (or be previewed) without the provider's local files (a
    /// kubeconfig): said before anything runs, with the path, instead of kubectl's
    /// "current-context must exist".
    func refuseMissingLocalFiles(of plan: CompiledPlan) throws(DeploymentError) {
        let missing = plan.missingLocalFiles
        guard !missing.isEmpty, plan.realSteps.contains(where: { $0.kind == .connect }) else { return }
        let redactor = Redactor(secrets: plan.secrets)
        throw reader.invalid(DiagnosticError(diagnostics: missing.map { redactor.redact($0.missing(.error)) }))
    }

    /// What the journal records about the plan's origin.
    package static func source(of checkout: CheckedOutPlan, plan: CompiledPlan) -> RunSource {
        RunSource(
            commit: checkout.commit?.id, requestedRevision: checkout.requestedRevision, pinned: checkout.pinned,
            workingTree: checkout.isWorkingTree, modifiedFiles: checkout.modifiedFiles, planDigest: PlanDigest.of(plan),
            localFiles: plan.localFiles.filter(\.fromWorkingTree).map(\.path))
    }
}
