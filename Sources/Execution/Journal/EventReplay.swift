import Foundation
import PlanModel

/// Rebuilds step records from `events.jsonl` for a run whose process died before writing its
/// final `run.json`: finished steps as recorded, started ones as `running`.
enum EventReplay {
    static func records(in directory: URL) -> [StepRecord] {
        guard let text = try? String(contentsOf: directory.appending(path: "events.jsonl"), encoding: .utf8),
              let plan = try? JournalJSON.read(CompiledPlan.self, from: directory.appending(path: "plan.json"))
        else { return [] }
        let decoder = JournalJSON.decoder()
        var records: [String: StepRecord] = [:]
        // A line cut short by the crash is the last one; it fails to decode and is ignored.
        for line in text.split(separator: "\n") {
            guard let entry = try? decoder.decode(JournalEntry.self, from: Data(line.utf8)), let id = entry.step else { continue }
            switch entry.event {
            case .stepStarted:
                let kind = plan.index(of: id).map { plan.steps[$0].kind } ?? .run
                var record = records[id] ?? StepRecord(id: id, kind: kind, state: .running, startedAt: entry.time)
                record.attempts = entry.attempt ?? record.attempts + 1
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
    static func releases(in directory: URL) -> [DeploymentRelease] {
        guard let text = try? String(contentsOf: directory.appending(path: "events.jsonl"), encoding: .utf8) else { return [] }
        let decoder = JournalJSON.decoder()
        var observations: [(step: String, observation: DeploymentObservation)] = []
        for line in text.split(separator: "\n") {
            guard let entry = try? decoder.decode(JournalEntry.self, from: Data(line.utf8)),
                  let id = entry.step, let observation = entry.observation else { continue }
            observations.append((id, observation))
        }
        return DeploymentRelease.fold(observations)
    }

    /// The notes of each step (its commands, attempts, retries, rollback) by step id, as its log
    /// file would begin.
    static func notes(in directory: URL) -> [String: String] {
        guard let text = try? String(contentsOf: directory.appending(path: "events.jsonl"), encoding: .utf8) else { return [:] }
        let decoder = JournalJSON.decoder()
        var notes: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let entry = try? decoder.decode(JournalEntry.self, from: Data(line.utf8)),
                  let id = entry.step, let note = entry.logNote else { continue }
            notes[id, default: ""] += note + "\n"
        }
        return notes
    }
}
