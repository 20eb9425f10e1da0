import Foundation
import PlanModel

/// The files of one run's folder and the writing of them. Not thread-safe by itself: only
/// ``RunJournal`` touches it, under its lock.
struct JournalFiles {
    let directory: URL
    private var metadata: RunMetadata
    let events: EventLog
    private var logs: [String: FileHandle] = [:]

    /// Creates the run folder with `plan.json`, an empty `events.jsonl` and `logs/`.
    init(directory: URL, metadata: RunMetadata, plan: CompiledPlan) throws {
        let manager = FileManager.default
        // The folder may exist already (a run from a git revision materializes its files there
        // first), but it must never hold another run's journal.
        let runFile = directory.appending(path: "run.json")
        if manager.fileExists(atPath: runFile.path) {
            throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: runFile.path])
        }
        try manager.createDirectory(at: directory.appending(path: "logs"), withIntermediateDirectories: true)
        try Data(plan.json(pretty: true)).write(to: directory.appending(path: "plan.json"), options: .atomic)
        self.events = try EventLog(path: directory.appending(path: "events.jsonl").path)
        self.directory = directory
        self.metadata = metadata
    }

    /// The file a step's output goes to; `/` in step ids would otherwise make folders.
    static func logName(for stepID: String) -> String {
        stepID.replacingOccurrences(of: "/", with: "__") + ".log"
    }

    mutating func record(_ event: ExecutionEvent, at time: Date) throws {
        if let entry = JournalEntry(event, at: time) { try append(entry) }
        switch event {
        case .runStarted(_, _, let startedAt):
            metadata.startedAt = startedAt
            try writeRunFile(steps: [])
        case .stepStarted(let id, let attempt) where attempt > 1:
            try log("# attempt \(attempt)", step: id)
        case .commandStarted(let id, let displayText):
            try log("$ \(displayText)", step: id)
        case .output(let line):
            try log(line.stream == .info ? "# \(line.text)" : line.text, step: line.stepID)
        case .stepRetrying(let id, _, let delay, let reason):
            try log("# \(reason); retrying in \(delay)s", step: id)
        case .rollbackStarted(let id):
            try log("# rolling back", step: id)
        case .stepFinished(let record):
            try logs.removeValue(forKey: record.id)?.close()
        case .runFinished(let report):
            metadata.finishedAt = report.finishedAt
            metadata.outcome = RunStatus(report.outcome)
            metadata.exitCode = report.exitCode
            try events.close()
            try writeRunFile(steps: report.records)
            close()
        default:
            break
        }
    }

    mutating func close() {
        for handle in logs.values { try? handle.close() }
        logs.removeAll()
        try? events.close()
    }

    private func append(_ entry: JournalEntry) throws {
        if let error = events.error { throw error }
        events.append(entry.jsonLine(), durable: entry.isMilestone)
    }

    private mutating func log(_ text: String, step: String) throws {
        let handle = try logs[step] ?? openLog(step)
        try handle.write(contentsOf: Data((text + "\n").utf8))
    }

    private mutating func openLog(_ step: String) throws -> FileHandle {
        let url = directory.appending(path: "logs").appending(path: Self.logName(for: step))
        // One open(2) that creates or appends (a resumed run adds to the log): every step opens
        // its log, so the exists / create / open / seek sequence cost four system calls a step.
        let descriptor = open(url.path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        logs[step] = handle
        return handle
    }

    private func writeRunFile(steps: [StepRecord]) throws {
        try Data(RunFile(metadata: metadata, steps: steps).json()).write(to: directory.appending(path: "run.json"), options: .atomic)
    }
}
