import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// Holds a URLSession task so that cancelling the Swift task cancels the request, even when the
/// cancellation arrives before the request has been started.
final class TaskBox: Sendable {
    private struct State: @unchecked Sendable {
        var task: URLSessionDataTask?
        var cancelled = false
    }

    private let state = Mutex(State())

    func start(_ task: URLSessionDataTask) {
        let cancelled = state.withLock { state in
            state.task = task
            return state.cancelled
        }
        // Resumed even when already cancelled: a never-started task may not call its handler.
        task.resume()
        if cancelled { task.cancel() }
    }

    func cancel() {
        state.withLock { state in
            state.cancelled = true
            return state.task
        }?.cancel()
    }
}
