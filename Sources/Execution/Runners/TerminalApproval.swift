import Dispatch
import Synchronization

/// Asks on the controlling terminal (`/dev/tty`) before an `approve:` step goes ahead (y/N), so
/// the question reaches a person even when Bosun's output is piped. Prompts of parallel steps
/// are asked one at a time.
package struct TerminalApproval: ApprovalGate {
    private let device: String

    package init(device: String = "/dev/tty") {
        self.device = device
    }

    /// Whether there is a terminal to ask on; when not, use ``DenyNonInteractive``.
    package static func isAvailable(device: String = "/dev/tty") -> Bool {
        TerminalQuestion.canOpen(device)
    }

    package func approve(prompt: String, stepID: String) async -> Bool {
        let request = PendingAnswer()
        let question = "\(stepID): \(prompt) [y/N] "
        let device = device
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                request.install(continuation)
                Self.queue.async {
                    guard !request.isCancelled else { return }
                    request.finish(TerminalQuestion.ask(question, on: device) { request.isCancelled })
                }
            }
        } onCancel: {
            request.cancel()
        }
    }

    /// One serial queue for the whole process: it is the lock that keeps prompts from
    /// interleaving, and it keeps the blocking terminal read off the cooperative thread pool.
    private static let queue = DispatchQueue(label: "bosun.terminal-approval")
}

/// The answer to one prompt, resumed exactly once: by the person, or with `false` on cancellation
/// (so a cancelled step returns at once instead of waiting for a key press).
private final class PendingAnswer: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Bool, Never>?
        var cancelled = false
    }

    private let state = Mutex(State())

    var isCancelled: Bool { state.withLock { $0.cancelled } }

    func install(_ continuation: CheckedContinuation<Bool, Never>) {
        let alreadyCancelled = state.withLock { state in
            if state.cancelled { return true }
            state.continuation = continuation
            return false
        }
        if alreadyCancelled { continuation.resume(returning: false) }
    }

    func cancel() {
        let waiting = state.withLock { state in
            state.cancelled = true
            return state.continuation.take()
        }
        waiting?.resume(returning: false)
    }

    func finish(_ answer: Bool) {
        state.withLock { $0.continuation.take() }?.resume(returning: answer)
    }
}
