import BosunBasics
import Foundation
import Logging
import PlanModel
import Synchronization

/// Records a run on disk as it happens, in `<stateDir>/runs/<runID>/`: `plan.json` (the compiled
/// plan), `events.jsonl` (one line per event), `logs/<step>.log` (the output of each step that printed) and
/// `run.json` (metadata, outcome and step records; rewritten atomically at start and end).
///
/// An observer like any other: add it to the executor's ``ObserverGroup``. Events arrive from many
/// steps at once; one lock serializes all writing.
public final class RunJournal: ExecutionObserver {
    public let runID: String
    /// The run's folder.
    public let directory: String
    private let files: Mutex<JournalFiles>
    private let writer: JournalWriter
    /// The first error writing the journal; no step starts once there is one.
    private let failed = Mutex<String?>(nil)
    private let logger = Logger(label: "bosun.journal")

    /// Creates the run folder and writes `plan.json`; throws when the folder cannot be created.
    public init(
        stateDir: String, runID: String = RunID.make(), plan: CompiledPlan,
        invocation: [String] = CommandLine.arguments, source: RunSource? = nil, resumedFrom: String? = nil,
        evictedLockHolder: String? = nil, restores: String? = nil,
        service: String? = nil
    ) throws {
        let url = URL(fileURLWithPath: stateDir).appending(path: "runs").appending(path: runID)
        let metadata = RunMetadata(
            runID: runID, planName: plan.planName, planFile: plan.planFile, environment: plan.environment,
            // `--set token=…` of a secret variable is on the command line too.
            invocation: invocation.map(Redactor(secrets: plan.secrets).redact), startedAt: Date(), finishedAt: nil, outcome: .running, exitCode: nil,
            source: source, resumedFrom: resumedFrom, evictedLockHolder: evictedLockHolder,
            release: ReleaseRecord(plan: plan), restores: restores, service: service)
        self.runID = runID
        self.directory = url.path
        // The journal never holds a secret: the plan is written masked (events arrive masked too,
        // through ``RedactingObserver``).
        let files = try JournalFiles(directory: url, metadata: metadata, plan: plan.redacted())
        self.writer = files.writer
        self.files = Mutex(files)
    }

    /// A step's start is on disk before its first command runs (see ``JournalWriter``); when the
    /// journal cannot be written, the step must not start at all.
    public func waitUntilRecorded() async throws(RecordingFailure) {
        do {
            try await writer.waitUntilDurable()
        } catch {
            note(error)
        }
        if let failure { throw RecordingFailure(failure) }
    }

    /// Why the journal could not be written, if it could not: the run it records is then
    /// incomplete on disk, whatever its steps did.
    public var failure: String? { failed.withLock { $0 } }

    public func handle(_ event: ExecutionEvent) {
        let now = Date()
        do {
            try files.withLock { try $0.record(event, at: now) }
        } catch {
            note(error)
        }
    }

    /// The holder of the cluster lock this run evicted (`--force-unlock`), for `run.json`.
    public func recordEvictedLockHolder(_ holder: String) {
        files.withLock { $0.evictedLockHolder = holder }
    }

    /// The first failure is kept and warned of once; the next step to start is refused.
    private func note(_ error: any Error) {
        let first = failed.withLock { failed in
            defer { failed = failed ?? "cannot write the journal in \(directory): \(SystemErrorText.of(error))" }
            return failed == nil
        }
        if first { logger.warning("\(failure ?? "")") }
    }
}
