import Foundation

/// The one pending wake-up of the cluster's controllers. A settled cluster has none and costs no
/// CPU; a new due moment (a pod to start, a rollout's deadline) replaces the pending one.
struct WakeTimer {
    private(set) var due: Date?
    private var task: Task<Void, Never>?

    /// Runs `action` just after `due` (the controllers compare deadlines strictly); nil cancels.
    mutating func schedule(_ due: Date?, _ action: @escaping @Sendable () async -> Void) {
        guard due != self.due else { return }
        task?.cancel()
        self.due = due
        task = due.map { due in
            Task {
                let delay = due.timeIntervalSinceNow + 0.001
                if delay > 0 { try? await Task.sleep(for: .seconds(delay)) }
                if Task.isCancelled { return }
                await action()
            }
        }
    }

    /// Called when the timer has fired, so that the same moment can be scheduled again.
    mutating func fired() {
        due = nil
        task = nil
    }

    mutating func cancel() {
        task?.cancel()
        fired()
    }
}
