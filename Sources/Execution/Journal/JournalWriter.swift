import BosunBasics
import Dispatch
import Foundation
import Logging
import PlanModel

/// Writes one run's journal: owns its files (``JournalFiles``) and the first error writing them,
/// and touches both on one serial queue, its only synchronization domain. Events arrive from many
/// steps at once; each is encoded by the thread that reports it and handed to the queue, so no
/// step waits for a file except for its own start to be durable.
///
/// Event lines gather while the queue is busy; a flush writes them in a single `write(2)` and,
/// when any of them must be durable, one `fsync(2)` for the whole group. A step about to start
/// its first command awaits ``waitUntilDurable()`` (its `stepStarted` line on disk), so a killed
/// run never hides a step that ran; 16 steps starting together share one fsync instead of
/// queueing for sixteen, and no thread of the cooperative pool blocks on the disk. An fsync
/// covers every line written before it, so an entry that needs none of its own (a step's end) is
/// durable at the next step's start at the latest, and at the run's end.
///
/// After the first error nothing more is appended to `events.jsonl`, and every later wait throws
/// it: no step starts whose start is not on disk. `run.json` is still written at the end when it
/// can be, so that `bosun show` has the run's outcome.
final class JournalWriter: @unchecked Sendable {
    // `@unchecked`: every `var` below is read and written on `queue` only (and in `deinit`,
    // when no block is left). This is the writer's whole synchronization.
    private let queue = DispatchQueue(label: "bosun.journal")
    private var files: JournalFiles
    /// Lines handed over since the last flush, and the step-log work that goes with them.
    private var pending: [UInt8] = []
    private var logWork: [StepLogs.Work] = []
    /// Lines handed over so far, and how many of them the last fsync covers.
    private var appended = 0
    private var synced = 0
    private var needsSync = false
    private var flushScheduled = false
    private var closed = false
    private var waiters: [(line: Int, continuation: CheckedContinuation<(any Error)?, Never>)] = []
    private var firstError: (any Error)?
    private let logger = Logger(label: "bosun.journal")

    /// Creates the run folder (see ``JournalFiles``); throws when it cannot be created.
    init(directory: URL, metadata: RunMetadata, plan: CompiledPlan) throws {
        files = try JournalFiles(directory: directory, metadata: metadata, plan: plan)
    }

    deinit {
        files.close()
    }

    /// Hands `event` over. The run's start and end are written before this returns, so that
    /// `run.json` says `running` as soon as the run starts and has its outcome when it ends.
    func record(_ event: ExecutionEvent, at time: Date) {
        let entry = JournalEntry(event, at: time)
        // Encoded here, in parallel with other steps' events, not on the queue.
        let line = entry?.jsonLine()
        switch event {
        case .runStarted, .runFinished:
            queue.sync { apply(event, entry: entry, line: line) }
        default:
            queue.async { self.apply(event, entry: entry, line: line) }
        }
    }

    /// Written into `run.json` when the run ends.
    func recordEvictedLockHolder(_ holder: String) {
        queue.async { self.files.metadata.evictedLockHolder = holder }
    }

    /// Returns once every line handed over before the call is on disk; throws the error that
    /// stopped writing, if one did (then nothing handed over since is on disk).
    func waitUntilDurable() async throws {
        let error = await withCheckedContinuation { continuation in
            queue.async { self.wait(continuation) }
        }
        if let error { throw error }
    }

    /// Why the journal could not be written, if it could not.
    var failure: String? {
        queue.sync { firstError.map { "cannot write the journal in \(files.directory.path): \(SystemErrorText.of($0))" } }
    }

    // MARK: On the queue

    private func apply(_ event: ExecutionEvent, entry: JournalEntry?, line: [UInt8]?) {
        guard !closed else { return }
        if firstError == nil, let entry, let line {
            pending.append(contentsOf: line)
            appended += 1
            needsSync = needsSync || entry.isMilestone
            if let step = entry.step, let note = entry.logNote { logWork.append(.note(step: step, text: note)) }
        }
        switch event {
        case .runStarted(_, _, let startedAt):
            files.metadata.startedAt = startedAt
            writeRunFile(steps: [])
        case .output(let output) where firstError == nil:
            logWork.append(.output(step: output.stepID, text: output.stream == .info ? "# \(output.text)" : output.text))
        case .stepFinished(let record) where firstError == nil:
            logWork.append(.finished(step: record.id))
        case .runFinished(let report):
            files.metadata.finishedAt = report.finishedAt
            files.metadata.outcome = report.outcome
            files.metadata.exitCode = report.exitCode
            files.metadata.release?.deployments = report.deployments
            close(steps: report.records)
            return
        default:
            break
        }
        scheduleFlush()
    }

    private func wait(_ continuation: CheckedContinuation<(any Error)?, Never>) {
        guard synced < appended, !closed, firstError == nil else { return continuation.resume(returning: firstError) }
        waiters.append((appended, continuation))
        needsSync = true
        scheduleFlush()
    }

    /// Flushes after the blocks queued so far, so that events handed over meanwhile join the group.
    private func scheduleFlush() {
        guard !flushScheduled else { return }
        flushScheduled = true
        queue.async { self.flush() }
    }

    /// One group: the events in one write (and one fsync when one of them or a waiter needs it),
    /// then the step logs, so that a step's start never waits for another step's output.
    private func flush() {
        flushScheduled = false
        guard !closed else { return }
        if firstError == nil {
            let code = files.appendEvents(pending, sync: needsSync)
            if code != 0 { fail(POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)) }
        }
        pending.removeAll(keepingCapacity: true)
        if needsSync || firstError != nil { synced = appended }
        needsSync = false
        resumeWaiters()
        if let code = files.log(logWork) { fail(POSIXError(POSIXErrorCode(rawValue: code) ?? .EIO)) }
        logWork.removeAll(keepingCapacity: true)
    }

    /// Writes and syncs what is left, closes the files, then writes `run.json` with the outcome.
    private func close(steps: [StepRecord]) {
        needsSync = true
        flush()
        closed = true
        files.close()
        writeRunFile(steps: steps)
        synced = appended
        resumeWaiters()
    }

    private func resumeWaiters() {
        let synced = synced
        let error = firstError
        waiters.removeAll { waiter in
            guard waiter.line <= synced || error != nil else { return false }
            waiter.continuation.resume(returning: error)
            return true
        }
    }

    private func writeRunFile(steps: [StepRecord]) {
        do {
            try files.writeRunFile(steps: steps)
        } catch {
            fail(error)
        }
    }

    /// The first failure is kept and warned of once; the next step to start is refused.
    private func fail(_ error: any Error) {
        guard firstError == nil else { return }
        firstError = error
        logger.warning("cannot write the journal in \(files.directory.path): \(SystemErrorText.of(error))")
    }
}
