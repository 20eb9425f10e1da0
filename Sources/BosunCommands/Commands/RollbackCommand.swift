import ArgumentParser
import BosunBasics
import Execution
import Foundation
import PlanCompiler
import PlanModel
import Rendering
import Revisions

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Restore an environment's last good release, or roll one service back to a revision Bosun saw healthy.",
        discussion: """
            Without --service: the live release is the newest run's (runs that rolled themselves back \
            and service rollbacks do not count). The target is the newest earlier successful run of \
            another release — its commit and its variables — or, when the live run failed half-way, \
            the newest successful run. The variables that change and the diff of the plan's folder \
            are shown first; --yes proceeds without asking. The plan is re-applied from that commit \
            with exactly the variables that run recorded.
            With --service DEPLOYMENT: connects through the environment's provider, shows the \
            deployment's revisions with their images and what Bosun saw of each, undoes to \
            --to-revision, or else to the newest revision before the live one that Bosun saw healthy \
            (never one it saw fail), waits for the rollout and runs the health check of the plan's \
            rollout step for it. Journaled like any run; a rollback that fails after it started exits 4.
            """)

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @OptionGroup var state: StateOptions
    @OptionGroup var settings: RunSettings
    @Option(help: ArgumentHelp("Roll back this deployment only, in the cluster.", valueName: "deployment")) var service: String?
    @Option(help: ArgumentHelp("With --service: the revision to return to (default: the newest earlier one Bosun saw healthy).", valueName: "n"))
    var toRevision: Int?
    @Option(help: "With --service: the namespace, when the plan has no rollout step for the deployment.") var namespace: String?

    func validate() throws {
        if service == nil && (toRevision != nil || namespace != nil) {
            throw ValidationError("--to-revision and --namespace go with --service")
        }
        if let toRevision, toRevision < 1 { throw ValidationError("--to-revision must be 1 or more") }
        if service == nil && !planOptions.overrides.isEmpty {
            throw ValidationError("--set does not go with an environment rollback: it restores the variables the release recorded")
        }
    }

    func run() async throws {
        let console = Console()
        let session = PlanSession(options: planOptions, console: console)
        let lookup = PlanSourcing(session: session, environment: environment.environment, request: SourceRequest())
        let (_, planName) = try lookup.policyAndName()
        let stateDir = state.directory(forPlan: planOptions.plan)
        let runs = RunHistory.runs(of: planName, environment: environment.environment, in: RunStore(stateDir: stateDir))
        if let service {
            return try await rollBackService(service, session: session, runs: runs, stateDir: stateDir)
        }
        guard let choice = RunHistory.rollbackTarget(in: runs), let to = choice.target.commit else {
            console.error("no earlier good release of \(planName) on \(environment.environment) to roll back to (\(runs.count) runs journaled)")
            throw BosunExit.failure.exitCode
        }
        describe(choice, console: console)
        if let from = choice.live.commit, from != to {
            do {
                let diff = try RevisionDiff.text(planPath: planOptions.plan, from: from, to: to)
                console.output(diff.isEmpty ? "(no differences in the plan's folder)\n" : diff)
            } catch {
                throw session.report(error)
            }
        } else {
            console.line("(same commit: only the variables change)")
        }
        try await confirm(choice, console: console)
        var options = planOptions
        options.overrides = Self.overrides(restoring: choice.target)
        let sourcing = PlanSourcing(
            session: PlanSession(options: options, console: console), environment: environment.environment,
            request: SourceRequest(revision: to, allowUnmerged: false))
        var launcher = RunLauncher(sourcing: sourcing, settings: settings, stateDir: stateDir)
        launcher.restores = choice.target.id
        let recorded = choice.target.release
        launcher.inspect = { plan in Self.warnAboutSecrets(plan, recorded: recorded, console: console) }
        try await launcher.run()
    }

    /// Says which release is live and which comes back, with the variables that change.
    private func describe(_ choice: RunHistory.RollbackTarget, console: Console) {
        let live = choice.live
        let target = choice.target
        if choice.halfDone {
            console.line(console.style.warning("run \(live.id) failed and may have left \(environment.environment) half-changed; ")
                + "restoring the last good release")
        }
        console.line("Rolling back \(environment.environment): release of run \(live.id) (\(live.commit.map { String($0.prefix(12)) } ?? "no commit"))"
            + " → release of run \(target.id) (\(String(target.commit!.prefix(12))), succeeded)")
        let before = live.release?.variables ?? [:]
        let after = target.release?.variables ?? [:]
        let changed = Set(before.keys).union(after.keys).sorted().filter { before[$0] != after[$0] && !["plan", "environment"].contains($0) }
        console.line(changed.isEmpty ? "variables: unchanged" : "variables:")
        for name in changed { console.line("  \(name): \(before[name] ?? "(unset)") → \(after[name] ?? "(unset)")") }
        if let deployed = target.release?.deployedText, !deployed.isEmpty { console.line("it deployed: \(deployed)") }
    }

    /// `--set` for every variable the restored run recorded: built-ins and secrets come from the
    /// plan itself (a secret's value was never recorded).
    static func overrides(restoring run: RunSummary) -> [String] {
        guard let release = run.release else { return [] }
        return release.variables.keys.sorted()
            .filter { !["plan", "environment"].contains($0) && !release.secrets.contains($0) }
            .map { "\($0)=\(release.variables[$0]!)" }
    }

    private static func warnAboutSecrets(_ plan: CompiledPlan, recorded: ReleaseRecord?, console: Console) {
        guard let recorded else { return }
        let now = ReleaseRecord(plan: plan)
        for name in recorded.secrets where now.variables[name] != recorded.variables[name] {
            console.progress(console.errorStyle.warning("warning: ")
                + "secret '\(name)' differs from the one the restored release used (its value was never recorded)")
        }
    }

    /// The service rollback runs the environment's current plan source (pin, --rev rules apply
    /// as for apply) only to know its provider, namespace and health check.
    private func rollBackService(_ deployment: String, session: PlanSession, runs: [RunSummary], stateDir: String) async throws {
        let sourcing = PlanSourcing(session: session, environment: environment.environment, request: SourceRequest())
        var launcher = RunLauncher(sourcing: sourcing, settings: settings, stateDir: stateDir)
        launcher.service = deployment
        let (toRevision, namespace) = (toRevision, namespace)
        launcher.derive = { plan in
            do throws(DiagnosticError) {
                let ref = ServiceRollback.deployment(named: deployment, in: plan, namespace: namespace)
                return try ServiceRollback.plan(from: plan, deployment: deployment, toRevision: toRevision, namespace: namespace,
                                                verdicts: RunHistory.verdicts(for: ref, in: runs))
            } catch {
                throw session.report(error)
            }
        }
        try await launcher.run()
    }

    private func confirm(_ choice: RunHistory.RollbackTarget, console: Console) async throws {
        if settings.yes { return }
        guard TerminalApproval.isAvailable() else {
            console.error("rollback needs confirmation: re-run with --yes or from a terminal")
            throw BosunExit.failure.exitCode
        }
        let prompt = "Restore the release of run \(choice.target.id) on \(environment.environment)?"
        guard await TerminalApproval().approve(prompt: prompt, stepID: "rollback") else {
            console.error("rollback cancelled")
            throw BosunExit.failure.exitCode
        }
    }
}
