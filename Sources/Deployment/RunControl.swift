import Execution
import Synchronization

/// How a caller stops a run from outside (the CLI's SIGINT/SIGTERM/SIGHUP): the first
/// ``interrupt()`` cancels the running steps (their commands get SIGTERM, then SIGKILL) or, before
/// the first step, keeps the run from starting; ``abandonUndo()`` kills at once whatever undo the
/// interruption started. Only the executor's task is cancelled: the journal is finished and the
/// cluster lock released after it.
package final class RunControl: Sendable {
    let undo = UndoControl()
    private let state = Mutex<(interrupted: Bool, running: Task<RunReport, Never>?)>((false, nil))

    package init() {}

    package func interrupt() {
        let running = state.withLock { state in
            state.interrupted = true
            return state.running
        }
        running?.cancel()
    }

    package func abandonUndo() { undo.abandon() }

    var isInterrupted: Bool { state.withLock { $0.interrupted } }

    /// Runs `executor` in a task ``interrupt()`` cancels.
    func run(_ executor: Executor) async -> RunReport {
        let task = Task { await executor.run() }
        let interrupted = state.withLock { state in
            state.running = task
            return state.interrupted
        }
        if interrupted { task.cancel() }
        let report = await task.value
        state.withLock { $0.running = nil }
        return report
    }
}
