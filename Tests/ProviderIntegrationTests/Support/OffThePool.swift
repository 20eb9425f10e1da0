import Foundation

/// Runs blocking work (waiting for a process, reading a pipe) on a thread of its own. Tests that
/// block instead would hold one of Swift concurrency's cooperative threads, of which a 2-core CI
/// machine has two, and stall every other suite's timing-sensitive tests meanwhile.
func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
