import BosunBasics
import Foundation
import PlanModel

/// The schema of a step record, writer and reader side by side, as `run.json`'s `steps`, a
/// `stepFinished` line's `record` and `show --json`'s `steps` hold it: keys sorted, absent values
/// left out, dates as ``ISODate``.
extension JSONWriter {
    mutating func stepRecord(_ record: StepRecord) {
        object { json in
            json.field("attempts", record.attempts)
            json.field("duration", record.duration)
            json.field("exitStatus", record.exitStatus.map(Int.init))
            json.field("finishedAt", record.finishedAt.map(ISODate.text))
            json.field("id", record.id)
            json.field("kind", record.kind.rawValue)
            json.field("message", record.message)
            json.field("startedAt", record.startedAt.map(ISODate.text))
            json.field("state", record.state.rawValue)
        }
    }
}

extension StepRecord: Decodable {
    private enum Key: String, CodingKey {
        case attempts, duration, exitStatus, finishedAt, id, kind, message, startedAt, state
    }

    package init(from decoder: any Decoder) throws {
        let json = try decoder.container(keyedBy: Key.self)
        self.init(
            id: try json.decode(String.self, forKey: .id), kind: try json.decode(StepKind.self, forKey: .kind),
            state: try json.decode(StepState.self, forKey: .state), attempts: try json.decode(Int.self, forKey: .attempts),
            exitStatus: try json.decodeIfPresent(Int32.self, forKey: .exitStatus),
            startedAt: try json.decodeIfPresent(Date.self, forKey: .startedAt),
            finishedAt: try json.decodeIfPresent(Date.self, forKey: .finishedAt),
            duration: try json.decodeIfPresent(Double.self, forKey: .duration),
            message: try json.decodeIfPresent(String.self, forKey: .message))
    }
}
