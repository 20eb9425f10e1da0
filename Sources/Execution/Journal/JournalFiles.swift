import BosunBasics
import Foundation
import PlanModel

/// The files of one run's folder and the writing of them. Not thread-safe by itself: only
/// ``RunJournal`` touches it, under its lock.
struct JournalFiles {
    let directory: URL
    private var metadata: RunMetadata
    let writer: JournalWriter

    /// Creates the run folder with `plan.json`, an empty `events.jsonl` and `logs/`.
    init(directory: URL, metadata: RunMetadata, plan: CompiledPlan) throws {
        let manager = FileManager.default
        // The folder may exist already (a run from a git revision materializes its files there
        // first), but it must never hold another run's journal.
        let runFile = directory.appending(path: "run.json")
        if manager.fileExists(atPath: runFile.path) {
            throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: runFile.path])
        }
        try PrivateFiles.createFolder(directory.appending(path: "logs").path)
        try PrivateFiles.write(plan.json(pretty: true), to: directory.appending(path: "plan.json").path)
        self.writer = try JournalWriter(events: directory.appending(path: "events.jsonl").path,
                                        logs: directory.appending(path: "logs"))
        self.directory = directory
        self.metadata = metadata
    }

    /// Throws the first error writing: the events file's once it has failed (nothing more is
    /// appended to it), or `run.json`'s. `run.json` is still written at the end when it can be,
    /// so that `bosun show` has the run's outcome.
    mutating func record(_ event: ExecutionEvent, at time: Date) throws {
        let broken = writer.error
        if broken == nil, let entry = JournalEntry(event, at: time) {
            writer.append(entry.jsonLine(), durable: entry.isMilestone)
            if let step = entry.step, let note = entry.logNote { writer.log(.note(step: step, text: note)) }
        }
        switch event {
        case .runStarted(_, _, let startedAt):
            metadata.startedAt = startedAt
            try writeRunFile(steps: [])
        case .output(let line) where broken == nil:
            writer.log(.output(step: line.stepID, text: line.stream == .info ? "# \(line.text)" : line.text))
        case .stepFinished(let record) where broken == nil:
            writer.log(.finished(step: record.id))
        case .runFinished(let report):
            metadata.finishedAt = report.finishedAt
            metadata.outcome = RunStatus(report.outcome)
            metadata.exitCode = report.exitCode
            metadata.release?.deployments = report.deployments
            let closed = Result { try writer.close() }
            try writeRunFile(steps: report.records)
            try closed.get()
        default:
            break
        }
        if let broken { throw broken }
    }

    /// Written into `run.json` when the run ends.
    var evictedLockHolder: String? {
        get { metadata.evictedLockHolder }
        set { metadata.evictedLockHolder = newValue }
    }

    private func writeRunFile(steps: [StepRecord]) throws {
        try PrivateFiles.write(RunFile(metadata: metadata, steps: steps).json(), to: directory.appending(path: "run.json").path)
    }
}
