import Foundation
import PlanModel
import Synchronization
@testable import Execution

/// A `CommandRunner` that runs nothing real: each command prints programmed lines, waits a
/// programmed delay and exits with a programmed status. It records when each step ran, how many
/// commands ran at once at most, and which were cancelled. Cancellation ends the wait at once.
final class ScriptedRunner: CommandRunner {
    struct Script: Sendable {
        /// Exit status of the 1st, 2nd, … call; the last one repeats.
        var exitCodes: [Int32] = [0]
        var output: [String] = []
        var delay: Double = 0
    }

    struct Interval: Sendable {
        var start: ContinuousClock.Instant
        var end: ContinuousClock.Instant?

        func overlaps(_ other: Interval) -> Bool {
            guard let end, let otherEnd = other.end else { return true }
            return start < otherEnd && other.start < end
        }
    }

    private struct State {
        var calls: [String: Int] = [:]
        var running = 0
        var maxRunning = 0
        var intervals: [String: Interval] = [:]
        var startOrder: [String] = []
        var cancelled: Set<String> = []
    }

    private let fallback: Script
    private let byStep: [String: Script]
    private let byCommand: [String: Script]
    private let state = Mutex(State())

    init(default fallback: Script = Script(), steps: [String: Script] = [:], commands: [String: Script] = [:]) {
        self.fallback = fallback
        self.byStep = steps
        self.byCommand = commands
    }

    func run(_ command: StepCommand, in context: CommandContext) async throws -> CommandOutcome {
        let key = command.displayText
        let script = byCommand[key] ?? byStep[context.stepID] ?? fallback
        let call = begin(step: context.stepID, command: key)
        defer { end(step: context.stepID) }
        for line in script.output { context.emit(line, on: .stdout) }
        do {
            try await Task.sleep(for: .seconds(script.delay))
        } catch {
            state.withLock { _ = $0.cancelled.insert(context.stepID) }
            throw error
        }
        let code = script.exitCodes[min(call, script.exitCodes.count - 1)]
        return code == 0 ? .success(exitStatus: 0) : .failure("exited with status \(code)", exitStatus: code)
    }

    var maxConcurrent: Int { state.withLock { $0.maxRunning } }
    var startOrder: [String] { state.withLock { $0.startOrder } }
    var cancelled: Set<String> { state.withLock { $0.cancelled } }
    func interval(_ step: String) -> Interval? { state.withLock { $0.intervals[step] } }
    func calls(_ command: String) -> Int { state.withLock { $0.calls[command] ?? 0 } }

    /// True when `first` had finished before `second` started.
    func finished(_ first: String, before second: String) -> Bool {
        guard let end = interval(first)?.end, let start = interval(second)?.start else { return false }
        return end <= start
    }

    private func begin(step: String, command: String) -> Int {
        state.withLock { state in
            state.running += 1
            state.maxRunning = max(state.maxRunning, state.running)
            if state.intervals[step] == nil {
                state.intervals[step] = Interval(start: .now)
                state.startOrder.append(step)
            }
            defer { state.calls[command, default: 0] += 1 }
            return state.calls[command, default: 0]
        }
    }

    private func end(step: String) {
        state.withLock { state in
            state.running -= 1
            state.intervals[step]?.end = .now
        }
    }
}
