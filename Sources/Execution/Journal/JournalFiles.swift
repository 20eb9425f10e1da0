import BosunBasics
import Foundation
import PlanModel
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The files of one run's folder: `plan.json`, `run.json`, `events.jsonl` and the step logs.
/// Not thread-safe by itself: only ``JournalWriter`` touches it, on its queue.
struct JournalFiles {
    let directory: URL
    var metadata: RunMetadata
    /// `events.jsonl`, open for appending.
    private let events: Int32
    private var logs: StepLogs
    private var isOpen = true

    /// Creates the run folder with `plan.json`, an empty `events.jsonl` and `logs/`.
    init(directory: URL, metadata: RunMetadata, plan: CompiledPlan) throws {
        // The folder may exist already (a run from a git revision materializes its files there
        // first), but it must never hold another run's journal.
        let runFile = directory.appending(path: "run.json")
        if FileManager.default.fileExists(atPath: runFile.path) {
            throw CocoaError(.fileWriteFileExists, userInfo: [NSFilePathErrorKey: runFile.path])
        }
        try PrivateFiles.createFolder(directory.appending(path: "logs").path)
        try PrivateFiles.write(plan.json(pretty: true), to: directory.appending(path: "plan.json").path)
        let path = directory.appending(path: "events.jsonl").path
        events = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o600)
        guard events >= 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        logs = StepLogs(folder: directory.appending(path: "logs"))
        self.directory = directory
        self.metadata = metadata
    }

    /// Appends `bytes` to `events.jsonl` in one `write(2)`, then fsyncs it when `sync`; 0 or the errno.
    func appendEvents(_ bytes: [UInt8], sync: Bool) -> Int32 {
        let failure = bytes.isEmpty ? 0 : FullWrite.write(bytes, to: events)
        if failure == 0 && sync && fsync(events) != 0 { return errno }
        return failure
    }

    /// Applies work to the step logs; the errno of their first failure, if one happened.
    mutating func log(_ work: [StepLogs.Work]) -> Int32? {
        for item in work { logs.apply(item) }
        return logs.error
    }

    /// `run.json`, rewritten atomically: the metadata and the step records so far.
    func writeRunFile(steps: [StepRecord]) throws {
        try PrivateFiles.write(RunFile(metadata: metadata, steps: steps).json(), to: directory.appending(path: "run.json").path)
    }

    /// Closes `events.jsonl` and every open log; nothing is written after.
    mutating func close() {
        guard isOpen else { return }
        isOpen = false
        logs.closeAll()
        _ = Glibc.close(events)
    }
}
