import BosunBasics
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Writes a run's `events.jsonl` and step logs, handed over by many steps at once, on one serial
/// queue: no step waits for a file except for its own start to be durable.
///
/// Event lines gather and the queue writes them in a single `write(2)` and, when any of them
/// must be durable, one `fsync(2)` for the whole group. A
/// step about to start its first command awaits ``waitUntilDurable()`` (its `stepStarted` line on
/// disk), so a killed run never hides a step that ran; 16 steps starting together share one
/// fsync instead of queueing for sixteen, and no thread of the cooperative pool blocks on the disk.
/// An fsync covers every line written before it, so an entry that needs none of its own (a step's
/// end) is durable at the next step's start at the latest, and at ``close()``.
final class JournalWriter: Sendable {
    private struct State {
        var pending: [UInt8] = []
        /// Lines handed over so far, and how many of them the last completed fsync covers.
        var appended = 0
        var synced = 0
        var needsSync = false
        var flushScheduled = false
        var closed = false
        var waiters: [(line: Int, continuation: CheckedContinuation<Void, Never>)] = []
        var logWork: [StepLogs.Work] = []
    }

    private let descriptor: Int32
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "bosun.journal.events")
    /// The first write or fsync error; later appends are dropped, and no step starts after it.
    private let failure = Mutex<Int32?>(nil)

    /// Touched on `queue` only.
    private nonisolated(unsafe) var logs: StepLogs

    /// Opens (creating it empty) the events file at `events`; step logs go to `logs`.
    init(events path: String, logs folder: URL) throws {
        descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        logs = StepLogs(folder: folder)
    }

    /// Queues a line of a step's log (see ``StepLogs``).
    func log(_ work: StepLogs.Work) {
        let schedule = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.logWork.append(work)
            return scheduleFlush(&state)
        }
        if schedule { queue.async { self.flush() } }
    }

    /// Queues one line; `durable` lines get an fsync in the group that writes them.
    func append(_ line: [UInt8], durable: Bool) {
        let schedule = state.withLock { state -> Bool in
            guard !state.closed else { return false }
            state.pending.append(contentsOf: line)
            state.appended += 1
            state.needsSync = state.needsSync || durable
            return scheduleFlush(&state)
        }
        if schedule { queue.async { self.flush() } }
    }

    /// Returns once every line handed over before the call is on disk; throws the error that
    /// stopped writing, if one did (then nothing handed over since is on disk).
    func waitUntilDurable() async throws(POSIXError) {
        await withCheckedContinuation { continuation in
            let schedule = state.withLock { state -> Bool? in
                guard state.synced < state.appended, !state.closed else { return nil }
                state.waiters.append((state.appended, continuation))
                state.needsSync = true
                return scheduleFlush(&state)
            }
            guard let schedule else { return continuation.resume() }
            if schedule { queue.async { self.flush() } }
        }
        if let code = failure.withLock({ $0 }) { throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO) }
    }

    /// Writes and syncs what is left, then closes the files; later appends are ignored.
    func close() throws {
        queue.sync {
            flush()
            logs.closeAll()
        }
        state.withLock { $0.closed = true }
        _ = Glibc.close(descriptor)
        if let code = failure.withLock({ $0 }) { throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO) }
    }

    /// The error that stopped writing, if one did.
    var error: (any Error)? {
        failure.withLock { $0 }.map { POSIXError(POSIXErrorCode(rawValue: $0) ?? .EIO) }
    }

    private func scheduleFlush(_ state: inout State) -> Bool {
        guard !state.flushScheduled else { return false }
        state.flushScheduled = true
        return true
    }

    /// One group: runs on `queue` only.
    private func flush() {
        let (bytes, lines, sync, logWork) = state.withLock { state in
            defer {
                state.pending.removeAll(keepingCapacity: true)
                state.logWork.removeAll(keepingCapacity: true)
                state.needsSync = false
                state.flushScheduled = false
            }
            return (state.pending, state.appended, state.needsSync, state.logWork)
        }
        if failure.withLock({ $0 }) == nil {
            var error = bytes.isEmpty ? 0 : FullWrite.write(bytes, to: descriptor)
            if error == 0 && sync && fsync(descriptor) != 0 { error = errno }
            if error != 0 { failure.withLock { $0 = $0 ?? error } }
        }
        let ready = state.withLock { state in
            if sync || failure.withLock({ $0 }) != nil { state.synced = max(state.synced, lines) }
            let synced = state.synced
            let (done, waiting) = state.waiters.partitioned { $0.line <= synced }
            state.waiters = waiting
            return done
        }
        for waiter in ready { waiter.continuation.resume() }
        // Logs after the events: a step's start never waits for another step's output.
        for work in logWork { logs.apply(work) }
        if let error = logs.error { failure.withLock { $0 = $0 ?? error } }
    }
}

private extension Array {
    /// The elements that match, and the ones that do not, each in order.
    func partitioned(_ matches: (Element) -> Bool) -> (matching: [Element], rest: [Element]) {
        var matching: [Element] = []
        var rest: [Element] = []
        for element in self {
            if matches(element) { matching.append(element) } else { rest.append(element) }
        }
        return (matching, rest)
    }
}
