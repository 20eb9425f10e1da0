import BosunBasics
import Foundation
import PlanModel

/// The schema of an `events.jsonl` line, writer and reader side by side: one JSON object per
/// line, keys sorted, absent values left out, dates as ``ISODate``. Written by hand because the
/// journal writes several lines per step: ``JSONWriter`` takes about a third of `JSONEncoder`'s
/// time (measured: 11-15 µs against 38-51 µs for a step's three lines). Lines of older Bosun
/// (dates without milliseconds) read the same; `Golden/events.jsonl` pins the text.
extension JournalEntry {
    func jsonLine() -> [UInt8] {
        var json = JSONWriter(pretty: false)
        json.object { json in
            json.field("attempt", attempt)
            json.field("command", command)
            json.field("delay", delay)
            json.field("event", event.rawValue)
            json.field("exitCode", exitCode.map(Int.init))
            if let observation { json.field("observation") { $0.observation(observation) } }
            json.field("outcome", outcome?.rawValue)
            json.field("plan", plan)
            if let process {
                json.field("process") { json in
                    json.object { json in
                        json.field("pid", Int(process.pid))
                        json.field("startTime", process.startTime.map { Int(clamping: $0) })
                    }
                }
            }
            json.field("reason", reason)
            if let record { json.field("record") { $0.stepRecord(record) } }
            json.field("step", step)
            json.field("stepCount", stepCount)
            json.field("time", ISODate.text(time))
        }
        var bytes = json.bytes
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }

    /// The entry a line of `events.jsonl` holds; throws for a line that is not one (one a
    /// crash cut short, say).
    init(jsonLine line: some Collection<UInt8>) throws {
        self = try JournalJSON.decoder().decode(JournalEntry.self, from: Data(line))
    }
}

extension JournalEntry: Decodable {
    private enum Key: String, CodingKey {
        case attempt, command, delay, event, exitCode, observation, outcome, plan, process, reason, record, step, stepCount, time
    }

    init(from decoder: any Decoder) throws {
        let json = try decoder.container(keyedBy: Key.self)
        self.init(event: try json.decode(Kind.self, forKey: .event), time: try json.decode(Date.self, forKey: .time),
                  step: try json.decodeIfPresent(String.self, forKey: .step))
        attempt = try json.decodeIfPresent(Int.self, forKey: .attempt)
        command = try json.decodeIfPresent(String.self, forKey: .command)
        delay = try json.decodeIfPresent(Double.self, forKey: .delay)
        exitCode = try json.decodeIfPresent(Int32.self, forKey: .exitCode)
        observation = try json.decodeIfPresent(DeploymentObservation.self, forKey: .observation)
        outcome = try json.decodeIfPresent(RunStatus.self, forKey: .outcome)
        plan = try json.decodeIfPresent(String.self, forKey: .plan)
        process = try json.decodeIfPresent(StartedProcess.self, forKey: .process)
        reason = try json.decodeIfPresent(String.self, forKey: .reason)
        record = try json.decodeIfPresent(StepRecord.self, forKey: .record)
        stepCount = try json.decodeIfPresent(Int.self, forKey: .stepCount)
    }
}
