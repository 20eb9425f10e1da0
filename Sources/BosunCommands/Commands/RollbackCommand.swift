import ArgumentParser
import Execution
import Foundation
import Revisions

struct RollbackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollback",
        abstract: "Re-apply an environment's last successful revision before the current one.",
        discussion: """
            The current revision is the commit of the environment's newest run; the target is the \
            newest earlier run that succeeded from another commit (and from clean files). The diff \
            of the plan's folder between the two is shown first; --yes proceeds without asking.
            """)

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @OptionGroup var state: StateOptions
    @OptionGroup var settings: RunSettings

    func run() async throws {
        let console = Console()
        let session = PlanSession(options: planOptions, console: console)
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
