import Synchronization

/// The undo tasks of steps an interruption stopped half-way. A first Ctrl-C (or SIGTERM) cancels
/// the run and lets them restore the release that was live; ``abandon()`` (the second one) stops
/// them and kills every child at once, and the steps report what is left half-done.
package final class UndoControl: Sendable {
    private struct State {
        var abandoned = false
        var tasks: [Task<AttemptOutcome?, Never>] = []
        /// The run's children now running (their reactor tokens).
        var children: Set<Int> = []
    }

    private let state = Mutex(State())

    package init() {}

    var isAbandoned: Bool { state.withLock { $0.abandoned } }

    func register(_ task: Task<AttemptOutcome?, Never>) {
        let cancel = state.withLock { state -> Bool in
            state.tasks.append(task)
            return state.abandoned
        }
        if cancel { task.cancel() }
    }

    /// Stops every undo under way and any that would start, and SIGKILLs every child of the run
    /// without waiting out the grace period.
    package func abandon() {
        let (tasks, children) = state.withLock { state in
            state.abandoned = true
            return (state.tasks, state.children)
        }
        for task in tasks { task.cancel() }
        ProcessReactor.shared.kill(children)
    }

    /// A child of the run started (`true`) or ended; one started after ``abandon()`` is killed.
    func child(_ token: Int, running: Bool) {
        let kill = state.withLock { state -> Bool in
            if running { state.children.insert(token) } else { state.children.remove(token) }
            return running && state.abandoned
        }
        if kill { ProcessReactor.shared.kill([token]) }
    }
}

/// How far a sequence of commands got, readable from a task racing it (the timeout).
final class CommandProgress: Sendable {
    private let state = Mutex((reached: 0, captures: [String: String]()))

    func update(reached: Int, captures: [String: String]) {
        state.withLock { $0 = (reached, captures) }
    }

    var reached: Int { state.withLock { $0.reached } }
    var captures: [String: String] { state.withLock { $0.captures } }
}
