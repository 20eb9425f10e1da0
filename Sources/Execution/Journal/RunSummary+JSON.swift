import BosunBasics
import Foundation

/// `bosun runs --json` and `bosun history --json`: an array of runs, pretty, keys sorted,
/// absent values left out, dates as ``ISODate``. An output for scripts, never read back.
extension RunSummary {
    package static func json(_ runs: [RunSummary]) -> String {
        var json = JSONWriter(pretty: true, reservingCapacity: 1024 * runs.count + 64)
        json.array { json in for run in runs { json.runSummary(run) } }
        return json.text
    }
}

extension JSONWriter {
    fileprivate mutating func runSummary(_ run: RunSummary) {
        object { json in
            json.field("commit", run.commit)
            json.field("dirty", run.dirty)
            json.field("duration", run.duration)
            json.field("environment", run.environment)
            json.field("exitCode", run.exitCode.map(Int.init))
            json.field("id", run.id)
            json.field("note", run.note)
            json.field("outcome", run.outcome.rawValue)
            json.field("planName", run.planName)
            // Only when true: `runs --json` of a machine without records reads as before.
            json.field("recordedInCluster", run.recordedInCluster ? true : nil)
            if let release = run.release { json.field("release") { $0.release(release) } }
            json.field("restores", run.restores)
            json.field("resumedFrom", run.resumedFrom)
            json.field("service", run.service)
            json.field("startedAt", ISODate.text(run.startedAt))
            json.field("startedBy", run.startedBy)
            json.field("steps") { json in
                json.object { json in
                    json.field("cancelled", run.steps.cancelled)
                    json.field("failed", run.steps.failed)
                    json.field("skipped", run.steps.skipped)
                    json.field("succeeded", run.steps.succeeded)
                    json.field("total", run.steps.total)
                }
            }
        }
    }
}
