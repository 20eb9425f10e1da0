import Foundation
import PlanModel

/// Rebuilds step records from `events.jsonl` for a run whose process died before writing its
/// final `run.json`: finished steps as recorded, started ones as `running`.
///
/// Each line is read on its own: a line a crash cut short (even inside a multibyte character) or
/// a damaged one is skipped, and every other line still counts. A missing `events.jsonl` or
/// `plan.json` is an error naming the file: an empty replay would read as "nothing ran".
enum EventReplay {
    /// The step records `entries` (read from the run in `directory`) tell of.
    static func records(from entries: [JournalEntry], in directory: URL) throws(RunStoreError) -> [StepRecord] {
        let planFile = directory.appending(path: "plan.json")
        let plan: CompiledPlan
        do {
            plan = try JournalJSON.read(CompiledPlan.self, from: planFile)
        } catch {
            throw .unreadable(id: directory.lastPathComponent, path: planFile.path, reason: reason(error, reading: planFile))
        }
        // One map, not a scan of the plan per line (index(of:) is linear).
        let kinds = Dictionary(plan.steps.map { ($0.id, $0.kind) }, uniquingKeysWith: { first, _ in first })
        var records: [String: StepRecord] = [:]
        for entry in entries {
            guard let id = entry.step else { continue }
            switch entry.event {
            case .stepStarted:
                let kind = kinds[id] ?? .run
                var record = records[id] ?? StepRecord(id: id, kind: kind, state: .running, startedAt: entry.time)
                record.attempts = entry.attempt ?? record.attempts + 1
                record.state = .running
                records[id] = record
            case .stepFinished:
                if let record = entry.record { records[id] = record }
            default:
                break
            }
        }
        return plan.steps.compactMap { records[$0.id] }
    }

    /// The release record of the deployments a run looked at, rebuilt from its events.
    static func releases(from entries: [JournalEntry]) -> [DeploymentRelease] {
        let observations = entries.compactMap { entry in
            entry.step.flatMap { id in entry.observation.map { (step: id, observation: $0) } }
        }
        return DeploymentRelease.fold(observations)
    }

    /// The notes of each step (its commands, attempts, retries, rollback) by step id, as its log
    /// file would begin.
    static func notes(in directory: URL) -> [String: String] {
        var notes: [String: String] = [:]
        for entry in (try? entries(in: directory)) ?? [] {
            guard let id = entry.step, let note = entry.logNote else { continue }
            notes[id, default: ""] += note + "\n"
        }
        return notes
    }

    /// The processes a run's steps started, by step id, in the order they started.
    static func processes(in directory: URL) throws(RunStoreError) -> [String: [StartedProcess]] {
        var processes: [String: [StartedProcess]] = [:]
        for entry in try entries(in: directory) {
            guard let id = entry.step, let process = entry.process else { continue }
            processes[id, default: []].append(process)
        }
        return processes
    }

    /// Every entry of `events.jsonl` that reads as one; damaged lines are left out.
    static func entries(in directory: URL) throws(RunStoreError) -> [JournalEntry] {
        let file = directory.appending(path: "events.jsonl")
        let data: Data
        do {
            data = try Data(contentsOf: file)
        } catch {
            throw .unreadable(id: directory.lastPathComponent, path: file.path, reason: reason(error, reading: file))
        }
        let decoder = JournalJSON.decoder()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            try? decoder.decode(JournalEntry.self, from: Data(line))
        }
    }

    private static func reason(_ error: any Error, reading file: URL) -> String {
        FileManager.default.fileExists(atPath: file.path) ? "\(error)" : "the file is missing, so what the run did cannot be known"
    }
}
