import BosunBasics
import Execution
import Foundation
import PlanLoading
import PlanModel
import Providers
import Revisions

/// Picks where a command's plan comes from (``SourcePolicy``: `--rev`, the pin, or the working
/// tree), materializes a revision when needed, and compiles the plan found there.
struct PlanSourcing {
    var session: PlanSession
    let environment: String
    var request: SourceRequest

    var planPath: String { session.options.plan }

    /// The environment's rules and the plan's name (`plan:`), read from the plan in the working
    /// tree (the plan being run may come from elsewhere, but who may run what is decided by what
    /// is checked in now).
    func policyAndName() throws -> (policy: SourcePolicy, planName: String) {
        let (policy, document) = try policyAndDocument()
        return (policy, document.name.value)
    }

    /// The policy, and the working tree's plan it was read from: ``compile(_:runDirectory:reusing:)``
    /// takes it back when the run is from the working tree, so the plan is parsed once.
    func policyAndDocument() throws -> (policy: SourcePolicy, document: PlanDocument) {
        let document = try session.loadDocument()
        let spec = document.environments.first { $0.name.value == environment }
        let policy = SourcePolicy(environment: environment, protected: spec?.protected ?? false, branch: spec?.branch?.value ?? "main")
        return (policy, document)
    }

    /// Checks the plan out under `policy` (from ``policyAndName()``): from the working tree, or
    /// materialized into `workspace` (it must not exist yet). A dry run of a protected environment
    /// without a pin or `--rev` shows the working tree with a warning instead of refusing: it runs
    /// nothing.
    func checkout(workspace: String, policy: SourcePolicy, dryRun: Bool = false) throws -> CheckedOutPlan {
        var policy = policy
        do {
            let pins = try PinFile.load(forPlan: planPath)
            if dryRun, policy.protected, request.revision == nil, request.workingTree || pins.pin(for: environment) == nil {
                session.console.progress(session.console.errorStyle.warning("warning: ")
                    + "environment '\(environment)' is protected: `bosun apply` refuses the working tree; pin a revision or pass --rev")
                policy.protected = false
            }
            switch try policy.choose(request, pin: pins.pin(for: environment), location: .file(planPath)) {
            case .workingTree:
                return PlanCheckout.workingTree(planPath: planPath)
            case .revision(let revision, let pinned):
                return try PlanCheckout.revision(
                    pinned ? (pins.pin(for: environment)?.revision ?? revision) : revision, pinned: pinned,
                    commit: revision, planPath: planPath, into: workspace, policy: policy, request: request)
            }
        } catch {
            throw session.report(error)
        }
    }

    /// Compiles the checked-out plan (diagnostics name the files where they were materialized).
    func compile(_ checkout: CheckedOutPlan, runDirectory: String, reusing written: PlanDocument? = nil) throws -> CompiledPlan {
        var options = session.options
        options.plan = checkout.planPath
        // Profiles come with the revision; a revision without them uses the working tree's, never
        // a providers/ folder found by walking up from the run's workspace.
        if options.providers == nil, checkout.workspace != nil {
            options.providers = checkout.providersFolder ?? ProviderCatalog.locate(forPlanAt: planPath, explicit: nil)
        }
        var revisionSession = PlanSession(options: options, console: session.console)
        revisionSession.showsWarnings = session.showsWarnings
        revisionSession.revision = checkout.commit.flatMap { checkout.isWorkingTree ? nil : $0.label }
        if !checkout.isWorkingTree {
            revisionSession.shownPlan = planPath
            revisionSession.workingTreeFolder = URL(fileURLWithPath: planPath).standardizedFileURL.deletingLastPathComponent().path
        }
        let document = checkout.isWorkingTree && checkout.planPath == planPath ? written : nil
        return try revisionSession.compile(environment: environment, runDirectory: runDirectory, document: document)
    }

    /// What the journal records about the plan's origin.
    static func source(of checkout: CheckedOutPlan, plan: CompiledPlan) -> RunSource {
        RunSource(
            commit: checkout.commit?.id, requestedRevision: checkout.requestedRevision, pinned: checkout.pinned,
            workingTree: checkout.isWorkingTree, modifiedFiles: checkout.modifiedFiles, planDigest: PlanDigest.of(plan),
            localFiles: plan.localFiles.filter(\.fromWorkingTree).map(\.path))
    }
}
