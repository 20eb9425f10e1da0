import BosunBasics
import Foundation
import PlanModel

/// Runs one step to its final state: attempts (each raced against the step's timeout), retries
/// with exponential backoff, then the step's `onFailure` commands after the last failed attempt
/// when it failed after it started changing things (``CompiledStep/changesFrom``).
///
/// An interrupted step that had changed things is undone too, in a task the interruption does not
/// cancel, within the grace period; a second interruption abandons that undo (``UndoControl``).
struct StepRun: Sendable {
    let step: CompiledStep
    /// What `{run}` and `{plan}` stand for in the step's commands.
    let folders: PlanFolders
    let runner: any CommandRunner
    let observer: any ExecutionObserver
    let context: CommandContext
    let options: ExecutionOptions
    let ledger: ReleaseLedger

    struct Result: Sendable {
        var state: StepState
        var attempts: Int
        var exitStatus: Int32?
        var message: String?
        var startedAt: Date
        var finishedAt: Date
        /// Set when the step did not start because its start could not be journaled.
        var unrecorded: RecordingFailure?
    }

    func run() async -> Result {
        let startedAt = Date()
        var attempt = 0
        var outcome: AttemptOutcome
        while true {
            attempt += 1
            observer.handle(.stepStarted(id: step.id, attempt: attempt))
            do {
                try await observer.waitUntilRecorded()
            } catch {
                // No command runs that the journal would not know of.
                let what = attempt == 1 ? "not started" : "attempt \(attempt) not started"
                return Result(state: .failed, attempts: attempt - 1, message: "\(what): \(error)",
                              startedAt: startedAt, finishedAt: Date(), unrecorded: error)
            }
            outcome = await runAttempt()
            guard outcome.state.isFailure, attempt <= step.retries else { break }
            let delay = options.retryDelay(afterAttempt: attempt)
            observer.handle(.stepRetrying(id: step.id, attempt: attempt + 1, delay: delay, reason: outcome.reason))
            do {
                try await Task.sleep(for: .seconds(delay))
            } catch {
                outcome = .cancelled
                break
            }
        }
        outcome = await settle(outcome)
        return Result(state: outcome.state, attempts: attempt, exitStatus: outcome.exitStatus,
                      message: outcome.message, startedAt: startedAt, finishedAt: Date())
    }

    /// What a failed or interrupted attempt leaves: undone when it had changed things and the step
    /// knows how; a failed operator's rollback is itself a failed rollback.
    private func settle(_ outcome: AttemptOutcome) async -> AttemptOutcome {
        let changed = step.changesFrom.map { outcome.reached >= $0 } ?? true
        if outcome.state == .cancelled {
            guard changed, step.changesFrom != nil, !step.onFailure.isEmpty else { return outcome }
            return await undoInterrupted(after: outcome)
        }
        guard outcome.state.isFailure, changed else { return outcome }
        if case .serviceRollback = step.intent {
            return AttemptOutcome(state: .rollbackFailed, exitStatus: outcome.exitStatus,
                                  message: "\(outcome.reason); the rollback failed half-way: check \(step.intent.deployments.map(\.description).joined(separator: ", ")) by hand")
        }
        guard !step.onFailure.isEmpty else { return outcome }
        return await rollBack(after: outcome)
    }

    /// One attempt; with a timeout, the commands race a sleep, and the loser is cancelled (which
    /// stops the commands' processes through the runner).
    private func runAttempt() async -> AttemptOutcome {
        guard let timeout = step.timeout else { return await runCommands(step.commands, captures: [:]) }
        // The commands report how far they got, so a timeout still knows whether anything changed.
        let progress = CommandProgress()
        return await withTaskGroup(of: AttemptOutcome?.self) { race in
            race.addTask { await runCommands(step.commands, captures: [:], progress: progress) }
            race.addTask {
                do { try await Task.sleep(for: .seconds(timeout)) } catch { return nil }
                return AttemptOutcome(state: .timedOut, message: "timed out after \(DurationSyntax.format(seconds: timeout))",
                                      reached: progress.reached, captures: progress.captures)
            }
            for await result in race {
                guard let result else { continue }
                race.cancelAll()
                return result
            }
            return AttemptOutcome(state: .cancelled, reached: progress.reached, captures: progress.captures)
        }
    }

    /// Runs commands in order; the first failure ends the sequence. Each command's folders are
    /// filled as it starts; values captured on the way fill `{capture:NAME}` in the commands after
    /// them, and come back with the outcome.
    private func runCommands(
        _ commands: [StepCommand], captures initial: [String: String], progress: CommandProgress = CommandProgress()
    ) async -> AttemptOutcome {
        var exitStatus: Int32?
        var captures = initial
        for (index, command) in commands.enumerated() {
            progress.update(reached: index, captures: captures)
            func failure(_ state: StepState, _ message: String?, _ status: Int32? = nil) -> AttemptOutcome {
                AttemptOutcome(state: state, exitStatus: status, message: message, reached: index, captures: captures)
            }
            if Task.isCancelled { return failure(.cancelled, nil) }
            // The step's own captures first, then the run's (the revision before the run touched a deployment).
            guard let command = TokenResolution.apply(folders, { captures[$0] ?? ledger.captures[$0] }, to: command) else {
                return failure(.failed, missingCapture(in: command))
            }
            observer.handle(.commandStarted(id: step.id, displayText: command.displayText))
            let outcome: CommandOutcome
            do {
                outcome = try await runner.run(command, in: context)
            } catch {
                if Task.isCancelled || error is CancellationError { return failure(.cancelled, nil) }
                return failure(.failed, "\(error)")
            }
            exitStatus = outcome.exitStatus ?? exitStatus
            guard outcome.succeeded else {
                if Task.isCancelled { return failure(.cancelled, nil) }
                return failure(.failed, outcome.message ?? "failed", outcome.exitStatus)
            }
            if case .exec(let exec) = command {
                if let name = exec.captureAs { captures[name] = outcome.captured ?? "" }
                if let reads = exec.reads, outcome.captured != nil {
                    if let problem = read(reads, from: outcome.captured ?? "", into: &captures) { return failure(.failed, problem) }
                }
            }
        }
        progress.update(reached: commands.count, captures: captures)
        return AttemptOutcome(state: .succeeded, exitStatus: exitStatus, reached: commands.count, captures: captures)
    }

    /// Interprets data a command printed; a message when it makes the step fail.
    private func read(_ reading: OutputReading, from output: String, into captures: inout [String: String]) -> String? {
        switch reading {
        case .deployment(let deployment, let moment, let required):
            let observation: DeploymentObservation
            do {
                observation = try DeploymentObservation.parse(output, deployment: deployment, moment: moment)
            } catch {
                return "\(deployment): \(error)"
            }
            if required && !observation.exists {
                return "deployment \(deployment.name) not found in namespace \(deployment.namespace ?? "default (the kubeconfig's)")"
            }
            ledger.record(observation, step: step.id)
            observer.handle(.deploymentObserved(id: step.id, observation))
            context.emit("\(moment.rawValue): \(observation.summary)")
        case .revisions(let choice):
            let history: RevisionHistory
            do {
                history = try RevisionHistory.parse(output, deployment: choice.deployment.name)
            } catch {
                return "\(choice.deployment): \(error)"
            }
            let target = history.target(for: choice)
            for line in history.table(verdicts: choice.verdicts, chosen: try? target.get()) { context.emit(line) }
            switch target {
            case .success(let revision): captures[ReleaseCapture.rollbackTarget] = String(revision)
            case .failure(let problem): return problem.description
            }
        }
        return nil
    }

    private func missingCapture(in command: StepCommand) -> String {
        let named = Set(command.argv?.flatMap(CommandWord.captureNames) ?? [])
        for deployment in step.intent.deployments where named.contains(ReleaseCapture.revisionBefore(deployment)) {
            return "nothing to undo to: \(deployment.description) did not exist before this run"
        }
        return "\(command.displayText): a value it needs was not captured"
    }

    /// `commands`: the step's `onFailure`, or ``undoCommands`` when its release did not fail.
    private func rollBack(after failure: AttemptOutcome, commands: [StepCommand]? = nil) async -> AttemptOutcome {
        observer.handle(.rollbackStarted(id: step.id))
        let rollback = await runCommands(commands ?? step.onFailure, captures: failure.captures)
        if rollback.state == .succeeded {
            return AttemptOutcome(state: .rolledBack, exitStatus: failure.exitStatus, message: "\(failure.reason); rolled back" + restoredText)
        }
        let why = rollback.state == .cancelled ? "cancelled" : rollback.reason
        return AttemptOutcome(state: .rollbackFailed, exitStatus: failure.exitStatus,
                              message: "\(failure.reason); rollback failed: \(why)")
    }

    /// The undo of a step stopped by Ctrl-C or SIGTERM half-way: run in a task of its own (the
    /// run's task is cancelled), bounded by the grace period, abandoned by a second interruption.
    private func undoInterrupted(after interruption: AttemptOutcome) async -> AttemptOutcome {
        let control = options.undoControl
        let halfDone = "interrupted after it started changing " + step.intent.deployments.map(\.description).joined(separator: ", ")
        guard !control.isAbandoned else {
            return AttemptOutcome(state: .rollbackFailed, message: "\(halfDone); undo skipped by a second interrupt: left half-done")
        }
        let grace = max(options.gracePeriod, 1)
        let result = await outsideTheInterruption {
            await rollBack(after: AttemptOutcome(state: .cancelled, message: "interrupted", captures: interruption.captures),
                           commands: undoCommands)
        }
        if control.isAbandoned {
            return AttemptOutcome(state: .rollbackFailed, message: "\(halfDone); undo abandoned by a second interrupt: left half-done")
        }
        guard let result else {
            return AttemptOutcome(state: .rollbackFailed,
                                  message: "\(halfDone); its undo did not finish within the grace period (\(DurationSyntax.format(seconds: grace))): check it by hand")
        }
        if result.state == .rolledBack {
            return AttemptOutcome(state: .rolledBack, message: "stopped half-way; rolled back" + restoredText)
        }
        return AttemptOutcome(state: .rollbackFailed, message: "\(halfDone); " + (result.message ?? "its undo failed"))
    }

    /// The `onFailure` commands without the looks at a failed release: for an undo because of an
    /// interruption or another step's failure, where this step's release did not fail.
    private var undoCommands: [StepCommand] {
        step.onFailure.filter { command in
            if case .exec(let exec) = command, case .deployment(_, .failed, _)? = exec.reads { return false }
            return true
        }
    }

    /// Runs an undo in a task the run's cancellation does not reach, for at most the grace period
    /// (nil when that ran out); a second interruption (``UndoControl/abandon()``) cancels it.
    private func outsideTheInterruption(_ undo: @escaping @Sendable () async -> AttemptOutcome) async -> AttemptOutcome? {
        let grace = max(options.gracePeriod, 1)
        let task = Task { () -> AttemptOutcome? in
            await withTaskGroup(of: AttemptOutcome?.self) { race in
                race.addTask { await undo() }
                race.addTask {
                    try? await Task.sleep(for: .seconds(grace))
                    return nil
                }
                let first = await race.next() ?? nil
                race.cancelAll()
                return first
            }
        }
        options.undoControl.register(task)
        return await task.value
    }

    /// Undoes a step that succeeded, because the run failed after it: its `onFailure` commands
    /// without the looks at a failed release (its release did not fail; another step did).
    /// Run in a task of its own, bounded by the grace period, when the run was interrupted.
    func restore(because why: String) async -> AttemptOutcome {
        observer.handle(.rollbackStarted(id: step.id))
        let commands = undoCommands
        let undo: AttemptOutcome
        if Task.isCancelled {
            guard !options.undoControl.isAbandoned else {
                return AttemptOutcome(state: .rollbackFailed, message: "undone because \(why): skipped by a second interrupt; left half-done")
            }
            undo = await outsideTheInterruption { await runCommands(commands, captures: [:]) }
                ?? AttemptOutcome(state: .failed, message: "not done within the grace period")
        } else {
            undo = await runCommands(commands, captures: [:])
        }
        guard undo.state == .succeeded else {
            return AttemptOutcome(state: .rollbackFailed, message: "succeeded, but its undo (because \(why)) failed: \(undo.reason)")
        }
        return AttemptOutcome(state: .rolledBack, message: "undone because \(why)" + restoredText(prefix: "; back at "))
    }

    /// A step whose deployments a later step's undo already brought back to their revision
    /// before the run: nothing is left for its own undo to do.
    func restored(because why: String, by other: String) -> AttemptOutcome {
        observer.handle(.rollbackStarted(id: step.id))
        context.emit("\(step.intent.deployments.map(\.description).joined(separator: ", ")) already back at the revision before the run (\(other)'s undo)")
        return AttemptOutcome(state: .rolledBack, message: "undone because \(why), with \(other)" + restoredText(prefix: "; back at "))
    }

    /// ` to revision 2 (registry/app:v1)` for each deployment the step restored.
    private var restoredText: String { restoredText(prefix: " to ") }

    private func restoredText(prefix: String) -> String {
        let restored = ledger.releases.filter { release in step.intent.deployments.contains(release.deployment) }
            .compactMap { release in release.after.map { "\(release.deployment.name) \($0.text)" } }
        return restored.isEmpty ? "" : prefix + restored.joined(separator: ", ")
    }
}

/// How one attempt (or a rollback) ended.
struct AttemptOutcome: Sendable {
    var state: StepState
    var exitStatus: Int32?
    var message: String?
    /// Index of the command the attempt stopped at (the command count when all succeeded).
    var reached = 0
    /// Values the attempt's commands captured, for its rollback.
    var captures: [String: String] = [:]

    static let cancelled = AttemptOutcome(state: .cancelled)

    var reason: String { message ?? state.rawValue }
}
