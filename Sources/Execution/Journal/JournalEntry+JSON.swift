import BosunBasics
import Foundation

/// The one-line JSON of an entry, as `JSONEncoder` with the journal's conventions writes it
/// (sorted keys, dates as ``JournalDate``), so ``JournalJSON/decoder()`` reads it back unchanged.
extension JournalEntry {
    func jsonLine() -> [UInt8] {
        var json = JSONWriter(pretty: false)
        json.object { json in
            json.field("attempt", attempt)
            json.field("command", command)
            json.field("delay", delay)
            json.field("event", event.rawValue)
            json.field("exitCode", exitCode.map(Int.init))
            json.field("outcome", outcome?.rawValue)
            json.field("plan", plan)
            json.field("reason", reason)
            if let record { json.field("record") { $0.stepRecord(record) } }
            json.field("step", step)
            json.field("stepCount", stepCount)
            json.field("time", JournalDate.text(time))
        }
        var bytes = json.bytes
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}

extension JSONWriter {
    /// A step record as its `Codable` conformance writes it.
    mutating func stepRecord(_ record: StepRecord) {
        object { json in
            json.field("attempts", record.attempts)
            json.field("duration", record.duration)
            json.field("exitStatus", record.exitStatus.map(Int.init))
            json.field("finishedAt", record.finishedAt.map(JournalDate.text))
            json.field("id", record.id)
            json.field("kind", record.kind.rawValue)
            json.field("message", record.message)
            json.field("startedAt", record.startedAt.map(JournalDate.text))
            json.field("state", record.state.rawValue)
        }
    }
}
