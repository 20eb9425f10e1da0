import BosunBasics
import Foundation
import PlanModel

/// The one-line JSON of an entry, as `JSONEncoder` with the journal's conventions writes it
/// (sorted keys, dates as ``ISODate``), so ``JournalJSON/decoder()`` reads it back unchanged.
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
}

extension JSONWriter {
    /// The release types as their `Codable` conformances write them.
    mutating func observation(_ observation: DeploymentObservation) {
        object { json in
            json.field("deployment") { $0.deployment(observation.deployment) }
            json.field("exists", observation.exists)
            json.field("images", observation.images)
            json.field("moment", observation.moment.rawValue)
            json.field("revision", observation.revision)
            json.field("rolledOut", observation.rolledOut)
        }
    }

    mutating func release(_ release: ReleaseRecord) {
        object { json in
            json.field("deployments") { json in
                json.array { json in
                    for deployment in release.deployments {
                        json.object { json in
                            if let after = deployment.after { json.field("after") { $0.snapshot(after) } }
                            if let before = deployment.before { json.field("before") { $0.snapshot(before) } }
                            json.field("deployment") { $0.deployment(deployment.deployment) }
                            if let failed = deployment.failed { json.field("failed") { $0.snapshot(failed) } }
                            json.field("steps", deployment.steps)
                        }
                    }
                }
            }
            json.field("secrets", release.secrets)
            json.field("variables", release.variables)
        }
    }

    mutating func snapshot(_ snapshot: ReleaseSnapshot) {
        object { json in
            json.field("exists", snapshot.exists)
            json.field("healthy", snapshot.healthy)
            json.field("images", snapshot.images)
            json.field("revision", snapshot.revision)
        }
    }

    /// A step record as its `Codable` conformance writes it.
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
