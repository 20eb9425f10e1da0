import ArgumentParser
import BosunBasics
import Execution
import Foundation
import PlanCompiler
import Revisions

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Roll an environment back to its previous good revision, or one service to an earlier revision.",
        discussion: """
            Without --service: the current revision is the commit of the environment's newest run; \
            the target is the newest earlier run that succeeded from another commit (and from clean \
            files). The diff of the plan's folder between the two is shown first; --yes proceeds \
            without asking.
            With --service DEPLOYMENT: connects through the environment's provider, shows the \
            deployment's revision history, runs `kubectl rollout undo` (to --to-revision, or the \
            previous one), waits for the rollout and runs the health check of the plan's rollout \
            step for it. Journaled like any run.
            """)

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @OptionGroup var state: StateOptions
    @OptionGroup var settings: RunSettings
    @Option(help: ArgumentHelp("Roll back this deployment only, in the cluster.", valueName: "deployment")) var service: String?
    @Option(help: ArgumentHelp("With --service: the revision to return to (default: the previous one).", valueName: "n"))
    var toRevision: Int?
    @Option(help: "With --service: the namespace, when the plan has no rollout step for the deployment.") var namespace: String?

    func validate() throws {
        if service == nil && (toRevision != nil || namespace != nil) {
            throw ValidationError("--to-revision and --namespace go with --service")
        }
        if let toRevision, toRevision < 1 { throw ValidationError("--to-revision must be 1 or more") }
    }

    func run() async throws {
        let console = Console()
        let session = PlanSession(options: planOptions, console: console)
        if let service {
            return try await rollBackService(service, session: session)
        }
        let lookup = PlanSourcing(session: session, environment: environment.environment, request: SourceRequest())
        let (_, planName) = try lookup.policyAndName()
        let runs = RunHistory.runs(of: planName, environment: environment.environment, in: RunStore(stateDir: state.resolvedStateDirectory))
        guard let (current, target) = RunHistory.rollbackTarget(in: runs), let from = current.commit, let to = target.commit else {
            console.error("no earlier successful revision of \(planName) on \(environment.environment) to roll back to (\(runs.count) runs journaled)")
            throw BosunExit.failure.exitCode
        }
        console.line("Rolling back \(environment.environment): \(from.prefix(12)) (run \(current.id)) → \(to.prefix(12)) (run \(target.id), succeeded)")
        do {
            let diff = try RevisionDiff.text(planPath: planOptions.plan, from: from, to: to)
            console.output(diff.isEmpty ? "(no differences in the plan's folder)\n" : diff)
        } catch {
            throw session.report(error)
        }
        try await confirm(to: to, console: console)
        let sourcing = PlanSourcing(
            session: session, environment: environment.environment, request: SourceRequest(revision: to))
        try await RunLauncher(sourcing: sourcing, settings: settings, stateDir: state.resolvedStateDirectory).run()
    }

    /// The service rollback runs the environment's current plan source (pin, --rev rules apply
    /// as for apply) only to know its provider, namespace and health check.
    private func rollBackService(_ deployment: String, session: PlanSession) async throws {
        let sourcing = PlanSourcing(session: session, environment: environment.environment, request: SourceRequest())
        var launcher = RunLauncher(sourcing: sourcing, settings: settings, stateDir: state.resolvedStateDirectory)
        let (toRevision, namespace) = (toRevision, namespace)
        launcher.derive = { plan in
            do throws(DiagnosticError) {
                return try ServiceRollback.plan(from: plan, deployment: deployment, toRevision: toRevision, namespace: namespace)
            } catch {
                throw session.report(error)
            }
        }
        try await launcher.run()
    }

    private func confirm(to commit: String, console: Console) async throws {
        if settings.yes { return }
        guard TerminalApproval.isAvailable() else {
            console.error("rollback needs confirmation: re-run with --yes or from a terminal")
            throw BosunExit.failure.exitCode
        }
        let approved = await TerminalApproval().approve(prompt: "Apply \(commit.prefix(12)) to \(environment.environment)?", stepID: "rollback")
        guard approved else {
            console.error("rollback cancelled")
            throw BosunExit.failure.exitCode
        }
    }
}
