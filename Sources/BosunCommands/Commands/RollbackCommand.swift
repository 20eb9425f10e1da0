import ArgumentParser
import BosunBasics
import Deployment
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
            The runs are this machine's journal and the records in the environment's cluster, so \
            an operator on another machine restores the same release (its commit must be in this \
            repository: fetch first).
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
    @OptionGroup var reporting: ReportOptions
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
        let reader = planOptions.reader
        let lookup = PlanSource(reader: reader, environment: environment.environment)
        let stateDir = state.directory(forPlan: planOptions.plan)
        // The releases of every machine: the cluster's records, with this machine's journal. A
        // service rollback may go on with this machine's alone (it only loses verdicts); an
        // environment rollback must not choose its target from half the history.
        let history = try await RunCommandLine.interruptible { control in
            try await Deployment.history(lookup, stateDirectory: stateDir, requireCluster: service == nil, control: control)
        }
        if let problem = history.clusterProblem {
            console.clusterRecordsUnread(problem, so: "the revisions Bosun saw healthy are this machine's only")
        }
        if let service {
            var request = ApplyRequest(source: lookup, stateDirectory: stateDir)
            request.options = settings.runOptions
            request.service = service
            request.derive = Rollback.servicePlan(service, toRevision: toRevision, namespace: namespace, runs: history.runs, reader: reader)
            return try await RunCommandLine.apply(request, console: console, quiet: settings.quiet, reports: reporting.reports)
        }
        let (choice, to) = try Rollback.target(in: history)
        describe(choice, console: console)
        if let from = choice.live.commit, from != to {
            do {
                let diff = try RevisionDiff.text(planPath: planOptions.plan, from: from, to: to)
                console.output(diff.isEmpty ? "(no differences in the plan's folder)\n" : diff)
            } catch {
                throw reader.invalid(error)
            }
        } else {
            console.line("(same commit: only the variables change)")
        }
        try await confirm(choice, console: console)
        var restoring = reader
        restoring.overrides = Rollback.overrides(restoring: choice.target)
        var request = ApplyRequest(
            source: PlanSource(reader: restoring, environment: environment.environment, request: SourceRequest(revision: to, allowUnmerged: false)),
            stateDirectory: stateDir)
        request.options = settings.runOptions
        request.restores = choice.target.id
        let recorded = choice.target.release
        request.inspect = { plan in Rollback.secretWarnings(plan, recorded: recorded) }
        try await RunCommandLine.apply(request, console: console, quiet: settings.quiet, reports: reporting.reports)
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

    private func confirm(_ choice: RunHistory.RollbackTarget, console: Console) async throws {
        if settings.yes { return }
        guard TerminalApproval.isAvailable() else {
            throw DeploymentError.refused("rollback needs confirmation: re-run with --yes or from a terminal")
        }
        let prompt = "Restore the release of run \(choice.target.id) on \(environment.environment)?"
        guard await TerminalApproval().approve(prompt: prompt, stepID: "rollback") else {
            throw DeploymentError.refused("rollback cancelled")
        }
    }
}
