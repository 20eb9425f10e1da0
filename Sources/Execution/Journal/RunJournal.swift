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
    private let failed = Mutex(false)
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
            invocation: invocation, startedAt: Date(), finishedAt: nil, outcome: .running, exitCode: nil,
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

    /// A step's start is on disk before its first command runs (see ``JournalWriter``).
    public func waitUntilRecorded() async {
        await writer.waitUntilDurable()
    }

    public func handle(_ event: ExecutionEvent) {
        let now = Date()
        do {
            try files.withLock { try $0.record(event, at: now) }
        } catch {
            reportOnce(error)
        }
    }

    /// A journal that cannot be written must not stop a deployment half-way: warn once, go on.
    private func reportOnce(_ error: any Error) {
        let first = failed.withLock { failed in
            defer { failed = true }
            return !failed
        }
        if first { logger.warning("cannot write run journal in \(directory): \(error.localizedDescription)") }
    }
}
