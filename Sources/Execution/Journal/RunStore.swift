import Foundation

/// Reads the journals of past runs in `<stateDir>/runs/` (what `bosun runs` and `bosun show` print).
package struct RunStore: Sendable {
    package let stateDir: String

    package init(stateDir: String) {
        self.stateDir = stateDir
    }

    package var runsDirectory: String { runsURL.path }

    /// The log file of one step of a run (it exists once the step printed something).
    package func logPath(runID: String, stepID: String) -> String {
        runsURL.appending(path: runID).appending(path: "logs").appending(path: StepLogs.fileName(for: stepID)).path
    }

    /// Each step's log as `bosun show --logs` prints it: its log file, or for a step that printed
    /// nothing (and so has none), the lines Bosun noted for it, rebuilt from `events.jsonl`.
    package func logs(runID: String, steps: [String]) -> [String: String] {
        let notes = EventReplay.notes(in: runsURL.appending(path: runID))
        let names = Set(steps.map(StepLogs.fileName))
        var logs: [String: String] = [:]
        for step in steps {
            let legacy = StepLogs.legacyFileName(for: step)
            // An older journal's name for it, unless that is another step's file in this one.
            let older = names.contains(legacy) ? nil : runsURL.appending(path: runID).appending(path: "logs").appending(path: legacy).path
            logs[step] = (try? String(contentsOfFile: logPath(runID: runID, stepID: step), encoding: .utf8))
                ?? older.flatMap { try? String(contentsOfFile: $0, encoding: .utf8) } ?? notes[step]
        }
        return logs
    }

    /// Every readable run, newest first. Folders that are not runs are left out.
    package func list() -> [RunSummary] { scan().runs }

    /// Every run, in one reading of the runs folder: the readable ones newest first, and the
    /// folders of runs whose journal was started but cannot be read (`run.json` missing or
    /// damaged), which must not vanish unnoticed.
    package func scan() -> (runs: [RunSummary], unreadable: [RunStoreError]) {
        let ids = (try? FileManager.default.contentsOfDirectory(atPath: runsURL.path)) ?? []
        var runs: [RunSummary] = []
        var unreadable: [RunStoreError] = []
        for id in ids.sorted(by: >) {
            do throws(RunStoreError) {
                guard let (metadata, records) = try read(id) else { continue }
                runs.append(RunSummary(
                    id: id, planName: metadata.planName, environment: metadata.environment, outcome: metadata.outcome,
                    startedAt: metadata.startedAt, duration: metadata.duration, steps: StepCounts(records),
                    commit: metadata.source?.commit, dirty: metadata.source?.isDirty ?? false, exitCode: metadata.exitCode,
                    release: metadata.release, restores: metadata.restores, service: metadata.service,
                    resumedFrom: metadata.resumedFrom))
            } catch {
                unreadable.append(error)
            }
        }
        return (runs.sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }, unreadable)
    }

    /// The metadata and step records of one run. For a run whose process died mid-way, the
    /// records are rebuilt from its event log.
    package func load(_ runID: String) throws(RunStoreError) -> (metadata: RunMetadata, records: [StepRecord]) {
        guard let run = try read(runID) else {
            throw .unknownRun(id: runID, directory: runsURL.path, newest: list().prefix(5).map(\.id))
        }
        return run
    }

    /// The run's journal, or nil when there is no run of that id (`list()` relies on this not
    /// calling `list()` back).
    private func read(_ runID: String) throws(RunStoreError) -> (metadata: RunMetadata, records: [StepRecord])? {
        let directory = runsURL.appending(path: runID)
        let runFile = directory.appending(path: "run.json")
        guard RunID.isPlausible(runID) else { return nil }
        guard FileManager.default.fileExists(atPath: runFile.path) else {
            let journal = ["events.jsonl", "plan.json"].first { FileManager.default.fileExists(atPath: directory.appending(path: $0).path) }
            guard journal != nil else { return nil }
            throw .unreadable(id: runID, path: runFile.path, reason: "the file is missing (its events.jsonl and plan.json may still tell what ran)")
        }
        let file: RunFile
        do {
            file = try JournalJSON.read(RunFile.self, from: runFile)
        } catch {
            throw .unreadable(id: runID, path: runFile.path, reason: "\(error)")
        }
        var metadata = file.metadata
        guard metadata.outcome == .running else { return (metadata, file.steps) }
        // The process died before its last words: the events say what it did.
        let entries = try EventReplay.entries(in: directory)
        metadata.release?.deployments = EventReplay.releases(from: entries)
        return (metadata, try EventReplay.records(from: entries, in: directory))
    }

    /// The process groups that steps of run `runID` started and that still live: left behind
    /// when that run's Bosun was killed (`kill -9`, a crash), running with nobody supervising.
    package func livingProcesses(of runID: String, steps: Set<String>) -> [(step: String, process: StartedProcess)] {
        let started = (try? EventReplay.processes(in: runsURL.appending(path: runID))) ?? [:]
        return started.filter { steps.contains($0.key) }.sorted { $0.key < $1.key }
            .flatMap { step, processes in processes.filter(\.groupIsAlive).map { (step, $0) } }
    }

    private var runsURL: URL { URL(fileURLWithPath: stateDir).appending(path: "runs") }
}

/// Why a run's journal could not be read, with what to try instead.
package enum RunStoreError: Error, Sendable, CustomStringConvertible {
    case unknownRun(id: String, directory: String, newest: [String])
    case unreadable(id: String, path: String, reason: String)

    package var description: String {
        switch self {
        case .unknownRun(let id, let directory, let newest):
            let hint = newest.isEmpty ? "there are no runs there yet" : "newest runs: " + newest.joined(separator: ", ")
            return "no run '\(id)' in \(directory)\n  hint: \(hint)"
        case .unreadable(let id, let path, let reason):
            return "run '\(id)' has an unreadable journal (\(path)): \(reason)"
        }
    }
}
