import BosunBasics
import Foundation
import Logging
import PlanModel
import Synchronization

/// Writes one run's journal: owns its files (``JournalFiles``) and the first error writing them,
/// behind one lock, its only synchronization domain. Events arrive from many steps at once; each
/// is encoded by the thread that reports it, outside the lock, and appended to what waits to be
/// written, so no step waits for a file except for its own start to be durable.
///
/// Event lines gather until the process reactor's loop, which runs a run's steps, has nothing
/// else to do (``ProcessReactor/whenIdle(_:)``): a flush then writes them in a single `write(2)`
/// and, when any of them must be durable, one `fsync(2)` for the whole group. A step about to
/// start its first command awaits ``waitUntilDurable()`` (its `stepStarted` line on disk), so a
/// killed run never hides a step that ran; 16 steps starting together share one fsync instead of
/// queueing for sixteen, and the flush hands nothing to another thread. An fsync covers every
/// line written before it, so an entry that needs none of its own (a step's end) is durable at
/// the next step's start at the latest, and at the run's end.
///
/// After the first error nothing more is appended to `events.jsonl`, and every later wait throws
/// it: no step starts whose start is not on disk. `run.json` is still written at the end when it
/// can be, so that `bosun show` has the run's outcome.
final class JournalWriter: Sendable {
    private typealias Waiter = (line: Int, continuation: CheckedContinuation<(any Error)?, Never>)

    private struct State {
        var files: JournalFiles
        /// Lines handed over since the last flush, and the step-log work that goes with them.
        var pending: [UInt8] = []
        var logWork: [StepLogs.Work] = []
        /// Lines handed over so far, and how many of them the last fsync covers.
        var appended = 0
        var synced = 0
        var needsSync = false
        var flushScheduled = false
        var closed = false
        var waiters: [Waiter] = []
        var firstError: (any Error)?
        /// Whether the first failure was warned of (once, outside the lock).
        var warned = false

        /// Whether the caller must schedule a flush (none was scheduled yet).
        mutating func claimFlush() -> Bool {
            guard !flushScheduled else { return false }
            flushScheduled = true
            return true
        }

        var failureText: String? {
            firstError.map { "cannot write the journal in \(files.directory.path): \(SystemErrorText.of($0))" }
        }

        /// What to do outside the lock for `waiters`, which a flush made durable: resume them
        /// (with the error that stopped writing, if one did), and warn of a first failure.
        mutating func settle(_ waiters: [Waiter]) -> Settled {
            let warning = warned ? nil : failureText
            warned = warned || warning != nil
            return Settled(waiters: waiters, error: firstError, warning: warning)
        }
    }

    private struct Settled {
        var waiters: [Waiter] = []
        var error: (any Error)?
        var warning: String?
    }

    private let state: Mutex<State>
    private let logger = Logger(label: "bosun.journal")

    /// Creates the run folder (see ``JournalFiles``); throws when it cannot be created.
    init(directory: URL, metadata: RunMetadata, plan: CompiledPlan) throws {
        state = Mutex(State(files: try JournalFiles(directory: directory, metadata: metadata, plan: plan)))
    }

    deinit {
        state.withLock { $0.files.close() }
    }

    /// Hands `event` over. The run's start and end are written before this returns, so that
    /// `run.json` says `running` as soon as the run starts and has its outcome when it ends.
    func record(_ event: ExecutionEvent, at time: Date) {
        let entry = JournalEntry(event, at: time)
        // Encoded here, in parallel with other steps' events, not under the lock.
        let line = entry?.jsonLine()
        let (flush, settled) = state.withLock { state in
            let (flush, waiters) = Self.apply(event, entry: entry, line: line, to: &state)
            return (flush, state.settle(waiters))
        }
        finish(settled, flush: flush)
    }

    /// Written into `run.json` when the run ends.
    func recordEvictedLockHolder(_ holder: String) {
        state.withLock { $0.files.metadata.evictedLockHolder = holder }
    }

    /// Returns once every line handed over before the call is on disk; throws the error that
    /// stopped writing, if one did (then nothing handed over since is on disk).
    func waitUntilDurable() async throws {
        let error = await withCheckedContinuation { continuation in
            let (flush, answer) = state.withLock { state -> (Bool, (any Error)??) in
                guard state.synced < state.appended, !state.closed, state.firstError == nil else { return (false, .some(state.firstError)) }
                state.waiters.append((state.appended, continuation))
                state.needsSync = true
                return (state.claimFlush(), nil)
            }
            if let answer { continuation.resume(returning: answer) }
            if flush { scheduleFlush() }
        }
        if let error { throw error }
    }

    /// Why the journal could not be written, if it could not.
    var failure: String? {
        state.withLock { $0.failureText }
    }

    // MARK: Under the lock

    private static func apply(_ event: ExecutionEvent, entry: JournalEntry?, line: [UInt8]?, to state: inout State) -> (flush: Bool, resumed: [Waiter]) {
        guard !state.closed else { return (false, []) }
        if state.firstError == nil, let entry, let line {
            state.pending.append(contentsOf: line)
            state.appended += 1
            state.needsSync = state.needsSync || entry.isMilestone
            if let step = entry.step, let note = entry.logNote { state.logWork.append(.note(step: step, text: note)) }
        }
        switch event {
        case .runStarted(_, _, let startedAt):
            state.files.metadata.startedAt = startedAt
            writeRunFile(steps: [], &state)
        case .output(let output) where state.firstError == nil:
            state.logWork.append(.output(step: output.stepID, text: output.stream == .info ? "# \(output.text)" : output.text))
        case .stepFinished(let record) where state.firstError == nil:
            state.logWork.append(.finished(step: record.id))
        case .runFinished(let report):
            state.files.metadata.finishedAt = report.finishedAt
            state.files.metadata.outcome = report.outcome
            state.files.metadata.exitCode = report.exitCode
            state.files.metadata.release?.deployments = report.deployments
            return (false, close(steps: report.records, &state))
        default:
            break
        }
        return (state.claimFlush(), [])
    }

    /// One group: the events in one write (and one fsync when one of them or a waiter needs it),
    /// then the step logs; returns the waiters the group made durable.
    private static func flush(_ state: inout State) -> [Waiter] {
        state.flushScheduled = false
        guard !state.closed else { return [] }
        if state.firstError == nil {
            let code = state.files.appendEvents(state.pending, sync: state.needsSync)
            if code != 0 { fail(POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO), &state) }
        }
        state.pending.removeAll(keepingCapacity: true)
        if state.needsSync || state.firstError != nil { state.synced = state.appended }
        state.needsSync = false
        let resumed = takeDurableWaiters(&state)
        if let code = state.files.log(state.logWork) { fail(POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO), &state) }
        state.logWork.removeAll(keepingCapacity: true)
        return resumed
    }

    /// Writes and syncs what is left, closes the files, then writes `run.json` with the outcome.
    private static func close(steps: [StepRecord], _ state: inout State) -> [Waiter] {
        state.needsSync = true
        var resumed = flush(&state)
        state.closed = true
        state.files.close()
        writeRunFile(steps: steps, &state)
        state.synced = state.appended
        resumed += takeDurableWaiters(&state)
        return resumed
    }

    private static func takeDurableWaiters(_ state: inout State) -> [Waiter] {
        let (synced, failed) = (state.synced, state.firstError != nil)
        let durable = state.waiters.filter { $0.line <= synced || failed }
        state.waiters.removeAll { $0.line <= synced || failed }
        return durable
    }

    private static func writeRunFile(steps: [StepRecord], _ state: inout State) {
        do {
            try state.files.writeRunFile(steps: steps)
        } catch {
            fail(error, &state)
        }
    }

    /// The first failure is kept (and warned of once); the next step to start is refused.
    private static func fail(_ error: any Error, _ state: inout State) {
        guard state.firstError == nil else { return }
        state.firstError = error
    }

    // MARK: Outside the lock

    /// On the reactor's loop once it has run every job it has: the steps that start in one turn
    /// of the loop share the flush.
    private func scheduleFlush() {
        ProcessReactor.shared.whenIdle { [self] in
            finish(state.withLock { state in state.settle(Self.flush(&state)) }, flush: false)
        }
    }

    /// Does what ``State/settle(_:)`` left for outside the lock, and schedules the flush an event
    /// asked for.
    private func finish(_ settled: Settled, flush: Bool) {
        if let warning = settled.warning { logger.warning("\(warning)") }
        for waiter in settled.waiters { waiter.continuation.resume(returning: settled.error) }
        if flush { scheduleFlush() }
    }
}
