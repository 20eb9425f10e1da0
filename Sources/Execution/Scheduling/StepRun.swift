import BosunBasics
import Foundation
import PlanModel

/// Runs one step to its final state: attempts (each raced against the step's timeout), retries
/// with exponential backoff, then the step's `onFailure` commands after the last failed attempt.
struct StepRun: Sendable {
    let step: CompiledStep
    let runner: any CommandRunner
    let observer: any ExecutionObserver
    let context: CommandContext
    let options: ExecutionOptions

    struct Result: Sendable {
        var state: StepState
        var attempts: Int
        var exitStatus: Int32?
        var message: String?
        var startedAt: Date
        var finishedAt: Date
    }

    func run() async -> Result {
        let startedAt = Date()
        var attempt = 0
        var outcome: AttemptOutcome
        while true {
            attempt += 1
            observer.handle(.stepStarted(id: step.id, attempt: attempt))
            await observer.waitUntilRecorded()
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
        if outcome.state.isFailure && !step.onFailure.isEmpty && !Task.isCancelled {
            outcome = await rollBack(after: outcome)
        }
        return Result(state: outcome.state, attempts: attempt, exitStatus: outcome.exitStatus,
                      message: outcome.message, startedAt: startedAt, finishedAt: Date())
    }

    /// One attempt; with a timeout, the commands race a sleep, and the loser is cancelled (which
    /// stops the commands' processes through the runner).
    private func runAttempt() async -> AttemptOutcome {
        guard let timeout = step.timeout else { return await runCommands(step.commands, captures: [:]) }
        return await withTaskGroup(of: AttemptOutcome?.self) { race in
            race.addTask { await runCommands(step.commands, captures: [:]) }
            race.addTask {
                do { try await Task.sleep(for: .seconds(timeout)) } catch { return nil }
                return AttemptOutcome(state: .timedOut, message: "timed out after \(DurationSyntax.format(seconds: timeout))")
            }
            for await result in race {
                guard let result else { continue }
                race.cancelAll()
                return result
            }
            return .cancelled
        }
    }

    /// Runs commands in order; the first failure ends the sequence. Values captured on the way
    /// fill `{capture:NAME}` in the commands after them, and come back with the outcome.
    private func runCommands(_ commands: [StepCommand], captures initial: [String: String]) async -> AttemptOutcome {
        var exitStatus: Int32?
        var captures = initial
        for command in commands {
            if Task.isCancelled { return .cancelled }
            guard let command = CaptureSubstitution.apply(captures, to: command) else {
                return AttemptOutcome(state: .failed, message: "\(command.displayText): a value it needs was not captured",
                                      captures: captures)
            }
            observer.handle(.commandStarted(id: step.id, displayText: command.displayText))
            let outcome: CommandOutcome
            do {
                outcome = try await runner.run(command, in: context)
            } catch {
                if Task.isCancelled || error is CancellationError { return .cancelled }
                return AttemptOutcome(state: .failed, message: "\(error)", captures: captures)
            }
            exitStatus = outcome.exitStatus ?? exitStatus
            guard outcome.succeeded else {
                if Task.isCancelled { return .cancelled }
                return AttemptOutcome(state: .failed, exitStatus: outcome.exitStatus, message: outcome.message ?? "failed",
                                      captures: captures)
            }
            if case .exec(let exec) = command, let name = exec.captureAs { captures[name] = outcome.captured ?? "" }
        }
        return AttemptOutcome(state: .succeeded, exitStatus: exitStatus, captures: captures)
    }

    private func rollBack(after failure: AttemptOutcome) async -> AttemptOutcome {
        observer.handle(.rollbackStarted(id: step.id))
        let rollback = await runCommands(step.onFailure, captures: failure.captures)
        if rollback.state == .succeeded {
            return AttemptOutcome(state: .rolledBack, exitStatus: failure.exitStatus, message: "\(failure.reason); rolled back")
        }
        let why = rollback.state == .cancelled ? "cancelled" : rollback.reason
        return AttemptOutcome(state: .rollbackFailed, exitStatus: failure.exitStatus,
                              message: "\(failure.reason); rollback failed: \(why)")
    }
}

/// How one attempt (or a rollback) ended.
struct AttemptOutcome: Sendable {
    var state: StepState
    var exitStatus: Int32?
    var message: String?
    /// Values the attempt's commands captured, for its rollback.
    var captures: [String: String] = [:]

    static let cancelled = AttemptOutcome(state: .cancelled)

    var reason: String { message ?? state.rawValue }
}
