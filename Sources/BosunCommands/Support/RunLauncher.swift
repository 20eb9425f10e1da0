import ArgumentParser
import BosunBasics
import Execution
import Foundation
import PlanModel
import Rendering

/// One `bosun apply`: check the plan out, compile it, journal it, run it with live progress and
/// Ctrl-C handling, print the summary, and exit with the run's status.
struct RunLauncher {
    var sourcing: PlanSourcing
    let settings: RunSettings
    let stateDir: String
    /// Which steps run (`apply --target/--only`); every step by default.
    var selection = ChosenSteps()
    /// `apply --resume`.
    var resume: ResumeRequest?
    /// Turns the compiled plan into the one to run (`rollback --service` runs a plan of its own).
    var derive: ((CompiledPlan) throws -> CompiledPlan)?
    /// The run whose release this one restores (`bosun rollback --env`), for the journal.
    var restores: String?
    /// The deployment of an operator's service rollback, for the journal.
    var service: String?
    /// Called with the compiled plan before anything runs (the rollback compares secrets).
    var inspect: ((CompiledPlan) -> Void)?

    var console: Console { sourcing.session.console }

    func run() async throws {
        let runID = RunID.make()
        let runDirectory = "\(stateDir)/runs/\(runID)"
        let (policy, written) = try sourcing.policyAndDocument()
        let planName = written.name.value
        let lock = try lockEnvironment(planName: planName, runID: runID)
        defer { withExtendedLifetime(lock) {} }
        let resumption = try loadResumption(planName: planName)
        var sourcing = sourcing
        // The compile's warnings are shown by rejectMissingLocalFiles: as errors when they stop the run.
        sourcing.session.showsWarnings = false
        if let resumption { sourcing.request = resumption.request }

        // Nothing half-done: a run refused before its first step leaves no folder behind.
        var started = false

        // Owner-only before anything is written into it (a revision's files come first).
        let newFolders = [stateDir, stateDir + "/runs"].filter { !FileManager.default.fileExists(atPath: $0) }
        defer {
            if !started {
                try? FileManager.default.removeItem(atPath: runDirectory)
                for folder in newFolders.reversed() {
                    // The state folder's own .gitignore (PrivateFiles.secureStateFolder) goes with it.
                    if folder == stateDir { unlink(folder + "/.gitignore") }
                    rmdir(folder)
                }
            }
        }
        do {
            try PrivateFiles.secureStateFolder(stateDir)
            try PrivateFiles.createFolder(stateDir + "/runs")
        } catch {
            console.error("cannot create the state folder \(stateDir): \(SystemErrorText.of(error))")
            throw BosunExit.failure.exitCode
        }
        let checkout = try sourcing.checkout(workspace: runDirectory + "/workspace", policy: policy)
        let compiled = try sourcing.compile(checkout, runDirectory: runDirectory, reusing: written)
        let plan = try derive?(compiled) ?? compiled
        inspect?(plan)
        var options = settings.executionOptions(for: selection)
        // Steps run alone still need the run's kubeconfig: the connect steps always come along.
        if options.onlyTargets { options.targets += plan.realSteps.filter { $0.kind == .connect }.map(\.id) }
        try rejectUnknownTargets(options, in: plan)
        try rejectMissingLocalFiles(of: plan)
        let runSource = PlanSourcing.source(of: checkout, plan: plan)
        if let resumption {
            do {
                try resumption.check(plan, source: runSource, rerunInterrupted: resume?.rerunInterrupted ?? false)
            } catch {
                console.error(error.description)
                throw BosunExit.invalidPlan.exitCode
            }
            options.alreadySucceeded = resumption.succeeded
            options.resumedFrom = resumption.runID
        }
        try await PreflightGate.check(plan, targets: options.targets, console: console)
        let clusterLock = try await ClusterLockGate.acquire(for: plan, runID: runID, force: settings.forceUnlock, console: console)

        let journal: RunJournal
        do {
            journal = try RunJournal(stateDir: stateDir, runID: runID, plan: plan, source: runSource, resumedFrom: resumption?.runID,
                                     evictedLockHolder: clusterLock?.evicted, restores: restores,
                                     service: service)
            try RunWorkspace.prepare(for: plan)
        } catch {
            console.error("cannot create the run folder under \(stateDir)/runs: \(error.localizedDescription)")
            throw BosunExit.failure.exitCode
        }
        started = true
        console.line(SourceText.describe(runSource, style: console.style))
        let redactor = Redactor(secrets: plan.secrets)
        let observers = ObserverGroup([LiveProgress(console: console), journal])
        let executor = Executor(
            plan: plan, runner: SubprocessRunner(approval: RedactingApproval(settings.approvalGate, redactor: redactor)), options: options,
            observer: RedactingObserver(observers, redactor: redactor))
        let report = redactor.redact(await runInterruptibly(executor, undo: options.undoControl))
        await clusterLock?.release()

        console.line("")
        console.output(RunSummaryRenderer.render(
            runID: runID, outcome: report.outcome, duration: report.duration, records: report.records,
            deployments: report.deployments, journal: journal.directory, style: console.style))
        if let failure = journal.failure {
            // What ran is not all on disk: `show` and `--resume` cannot be trusted for this run.
            console.error("\(failure)\n  the journal of run \(runID) is incomplete: no step started after the failure, "
                + "but what the steps before it did may be missing from it; check the environment before resuming")
            throw ExitCode(report.exitCode != 0 ? report.exitCode : BosunExit.failure.rawValue)
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }

    private func lockEnvironment(planName: String, runID: String) throws -> EnvironmentLock {
        do {
            return try EnvironmentLock(planFile: sourcing.planPath, planName: planName, environment: sourcing.environment,
                                       runID: runID, stateDir: URL(fileURLWithPath: stateDir).standardizedFileURL.path)
        } catch {
            console.error(error.description)
            throw BosunExit.failure.exitCode
        }
    }

    private func loadResumption(planName: String) throws -> Resumption? {
        guard let requested = resume?.run else { return nil }
        do {
            let store = RunStore(stateDir: stateDir)
            let runID = try RunReference(requested).resolve(in: store, planName: planName, environment: sourcing.environment)
            let resumption = try Resumption.load(runID, store: store, environment: sourcing.environment)
            if let notice = resumption.notice { console.progress(console.errorStyle.warning("note: ") + notice) }
            return resumption
        } catch {
            console.error("\(error)")
            throw BosunExit.invalidPlan.exitCode
        }
    }

    /// Runs the plan in a child task that SIGINT/SIGTERM cancel.
    /// A second signal abandons the undo of steps the first one stopped half-way.
    private func runInterruptibly(_ executor: Executor, undo: UndoControl) async -> RunReport {
        let task = Task { await executor.run() }
        let console = console
        let signals = InterruptSignals { number, count in
            if count == 1 {
                console.progress(console.errorStyle.warning("\(InterruptSignals.name(number)): stopping running steps…"))
                task.cancel()
            } else {
                undo.abandon()
                console.progress(console.errorStyle.failure("\(InterruptSignals.name(number)) again: every step's processes killed (SIGKILL) and undo abandoned; "
                    + "what it had not restored stays half-done"))
            }
        }
        defer { signals.stop() }
        return await task.value
    }

    /// A run that connects cannot start without the provider's local files (a kubeconfig): said
    /// before anything runs, with the path, instead of kubectl's "current-context must exist".
    private func rejectMissingLocalFiles(of plan: CompiledPlan) throws {
        let missing = plan.missingLocalFiles
        guard !missing.isEmpty, plan.realSteps.contains(where: { $0.kind == .connect }) else {
            return sourcing.session.warn(plan.warnings)
        }
        let redactor = Redactor(secrets: plan.secrets)
        throw sourcing.session.report(DiagnosticError(diagnostics: missing.map { redactor.redact($0.missing(.error)) }))
    }

    private func rejectUnknownTargets(_ options: ExecutionOptions, in plan: CompiledPlan) throws {
        let unknown = options.unknownTargets(in: plan)
        guard !unknown.isEmpty else { return }
        let ids = plan.realSteps.map(\.id)
        throw sourcing.session.report(DiagnosticError(diagnostics: unknown.map { target in
            Diagnostic.error(
                "\(selection.optionName) '\(target)' is not a step of \(plan.planName) on \(plan.environment)", at: .file(sourcing.planPath),
                hint: Suggestion.didYouMean(target, among: ids) ?? "`bosun plan \(sourcing.planPath) --env \(plan.environment)` lists the step ids")
        }))
    }
}
