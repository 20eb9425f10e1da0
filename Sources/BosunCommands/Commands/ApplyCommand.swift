import ArgumentParser
import BosunBasics
import Execution
import Foundation
import PlanGraph
import PlanModel
import Rendering

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Run a plan on an environment.",
        discussion: """
            Steps start as soon as what they need has succeeded, at most --concurrency at a time. \
            On a failure the running steps are stopped (SIGTERM, then SIGKILL) unless --keep-going. \
            Ctrl-C stops the run the same way. Every run is journaled under <state-dir>/runs/<id>/.
            Exit status: 0 success, 1 a step failed, 2 invalid plan or usage, 130 interrupted.
            """)

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @OptionGroup var state: StateOptions

    @Option(help: "Most steps running at once (default: cores, at least 4).")
    var concurrency: Int = ExecutionOptions.defaultConcurrency

    @Flag(help: "On a failure, finish every branch that does not depend on the failed step.")
    var keepGoing = false

    @Option(name: .customLong("target"), help: ArgumentHelp("Run only this step and what it needs (repeatable).", valueName: "step"))
    var targets: [String] = []

    @Flag(help: "Approve every `approve:` step without asking (for CI).")
    var yes = false

    @Option(help: ArgumentHelp("Seconds a stopped command gets between SIGTERM and SIGKILL.", valueName: "seconds"))
    var gracePeriod: Double = 5

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1, got \(concurrency)") }
        guard gracePeriod >= 0 else { throw ValidationError("--grace-period cannot be negative") }
    }

    func run() async throws {
        let console = Console()
        let runID = RunID.make()
        let stateDir = state.resolvedStateDirectory
        let session = PlanSession(options: planOptions, console: console)
        let plan = try session.compile(environment: environment.environment, runDirectory: "\(stateDir)/runs/\(runID)")
        let options = ExecutionOptions(concurrency: concurrency, keepGoing: keepGoing, targets: targets, gracePeriod: gracePeriod)
        try rejectUnknownTargets(options, in: plan, session: session)
        try await PreflightGate.check(plan, targets: targets, console: console)

        let journal: RunJournal
        do {
            journal = try RunJournal(stateDir: stateDir, runID: runID, plan: plan)
            try RunWorkspace.prepare(for: plan)
        } catch {
            console.error("cannot create the run folder under \(stateDir)/runs: \(error.localizedDescription)")
            throw BosunExit.failure.exitCode
        }
        let executor = Executor(
            plan: plan, runner: SubprocessRunner(approval: approvalGate()), options: options,
            observer: ObserverGroup([LiveProgress(console: console, total: stepCount(plan, options)), journal]))
        let report = await runInterruptibly(executor, console: console)

        console.line("")
        console.output(RunSummaryRenderer.render(
            runID: runID, outcome: RunStatus(report.outcome), duration: report.duration, records: report.records,
            journal: journal.directory, style: console.style))
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    /// Runs the plan in a child task that SIGINT/SIGTERM cancel.
    private func runInterruptibly(_ executor: Executor, console: Console) async -> RunReport {
        let task = Task { await executor.run() }
        let signals = InterruptSignals { number, count in
            if count == 1 {
                console.progress(console.errorStyle.warning("\(InterruptSignals.name(number)): stopping running steps…"))
                task.cancel()
            } else {
                console.progress("still stopping: steps get \(ElapsedSeconds.text(gracePeriod)) after SIGTERM before SIGKILL")
            }
        }
        defer { signals.stop() }
        return await task.value
    }

    private func approvalGate() -> any ApprovalGate {
        if yes { return AutoApprove() }
        return TerminalApproval.isAvailable() ? TerminalApproval() : DenyNonInteractive()
    }

    private func rejectUnknownTargets(_ options: ExecutionOptions, in plan: CompiledPlan, session: PlanSession) throws {
        let unknown = options.unknownTargets(in: plan)
        guard !unknown.isEmpty else { return }
        let ids = plan.realSteps.map(\.id)
        throw session.report(DiagnosticError(diagnostics: unknown.map { target in
            Diagnostic.error(
                "--target '\(target)' is not a step of \(plan.planName) on \(plan.environment)", at: .file(plan.planFile),
                hint: Suggestion.didYouMean(target, among: ids) ?? "`bosun plan \(planOptions.plan) --env \(plan.environment)` lists the step ids")
        }))
    }

    private func stepCount(_ plan: CompiledPlan, _ options: ExecutionOptions) -> Int {
        guard !options.targets.isEmpty else { return plan.realSteps.count }
        let roots = options.targets.compactMap { plan.index(of: $0) }
        return TopologicalOrder.closure(of: roots, in: plan.graph).filter { !plan.steps[$0].isBarrier }.count
    }
}
