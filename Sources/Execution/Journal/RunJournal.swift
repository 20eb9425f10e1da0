import BosunBasics
import Foundation
import PlanModel

/// Records a run on disk as it happens, in `<stateDir>/runs/<runID>/`: `plan.json` (the compiled
/// plan), `events.jsonl` (one line per event), `logs/<step>.log` (the output of each step that printed) and
/// `run.json` (metadata, outcome and step records; rewritten atomically at start and end).
///
/// An observer like any other: add it to the executor's ``ObserverGroup``. Events arrive from many
/// steps at once; its ``JournalWriter`` alone orders and writes them.
package final class RunJournal: ExecutionObserver {
    package let runID: String
    /// The run's folder.
    package let directory: String
    private let writer: JournalWriter

    /// Creates the run folder and writes `plan.json`; throws when the folder cannot be created.
    package init(
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
        self.writer = try JournalWriter(directory: url, metadata: metadata, plan: plan.redacted())
    }

    /// A step's start is on disk before its first command runs (see ``JournalWriter``); when the
    /// journal cannot be written, the step must not start at all.
    package func waitUntilRecorded() async throws(RecordingFailure) {
        do {
            try await writer.waitUntilDurable()
        } catch {
            throw RecordingFailure(failure ?? "cannot write the journal in \(directory): \(SystemErrorText.of(error))")
        }
    }

    /// Why the journal could not be written, if it could not: the run it records is then
    /// incomplete on disk, whatever its steps did.
    package var failure: String? { writer.failure }

    package func handle(_ event: ExecutionEvent) {
        writer.record(event, at: Date())
    }

    /// The holder of the cluster lock this run evicted (`--force-unlock`), for `run.json`.
    package func recordEvictedLockHolder(_ holder: String) {
        writer.recordEvictedLockHolder(holder)
    }
}
