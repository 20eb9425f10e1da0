import BosunBasics
import Foundation

/// The record's schema (`bosun.record/v1`, docs/records.md), writer and reader side by side:
/// keys sorted, absent values left out, dates as ``ISODate``.
extension RunRecord {
    package static let schema = "bosun.record/v1"

    package var json: String {
        var json = JSONWriter(pretty: false, reservingCapacity: 2048)
        json.object { json in
            json.field("commit", commit)
            json.field("dirty", dirty)
            json.field("environment", environment)
            json.field("exitCode", exitCode.map(Int.init))
            json.field("failedSteps", failedSteps)
            json.field("finishedAt", finishedAt.map(ISODate.text))
            json.field("outcome", outcome.rawValue)
            json.field("planDigest", planDigest)
            json.field("planName", planName)
            if let release { json.field("release") { $0.release(release) } }
            json.field("requestedRevision", requestedRevision)
            json.field("restores", restores)
            json.field("resumedFrom", resumedFrom)
            json.field("runID", runID)
            json.field("schema", Self.schema)
            json.field("service", service)
            json.field("startedAt", ISODate.text(startedAt))
            json.field("startedBy") { json in
                json.object { json in
                    json.field("host", startedBy.host)
                    json.field("pid", startedBy.pid.map(Int.init))
                    json.field("user", startedBy.user)
                }
            }
            json.field("steps") { json in
                json.object { json in
                    json.field("cancelled", steps.cancelled)
                    json.field("failed", steps.failed)
                    json.field("skipped", steps.skipped)
                    json.field("succeeded", steps.succeeded)
                    json.field("total", steps.total)
                }
            }
        }
        return json.text
    }

    /// Reads a record's `run.json`; nil when it is not one this Bosun reads.
    package static func parse(_ text: String) -> RunRecord? {
        try? JournalJSON.decoder().decode(RunRecord.self, from: Data(text.utf8))
    }
}

extension RunRecord: Decodable {
    private enum Key: String, CodingKey {
        case commit, dirty, environment, exitCode, failedSteps, finishedAt, outcome, planDigest, planName, release,
             requestedRevision, restores, resumedFrom, runID, schema, service, startedAt, startedBy, steps
    }

    private struct Counts: Decodable {
        var cancelled = 0, failed = 0, skipped = 0, succeeded = 0, total = 0
    }

    package init(from decoder: any Decoder) throws {
        let json = try decoder.container(keyedBy: Key.self)
        let schema = try json.decode(String.self, forKey: .schema)
        guard schema == Self.schema else {
            throw DecodingError.dataCorruptedError(forKey: .schema, in: json, debugDescription: "a record of schema \(schema)")
        }
        self.init(runID: try json.decode(String.self, forKey: .runID), planName: try json.decode(String.self, forKey: .planName),
                  environment: try json.decode(String.self, forKey: .environment),
                  outcome: try json.decode(RunStatus.self, forKey: .outcome), startedAt: try json.decode(Date.self, forKey: .startedAt),
                  startedBy: try json.decode(Actor.self, forKey: .startedBy))
        finishedAt = try json.decodeIfPresent(Date.self, forKey: .finishedAt)
        exitCode = try json.decodeIfPresent(Int32.self, forKey: .exitCode)
        commit = try json.decodeIfPresent(String.self, forKey: .commit)
        requestedRevision = try json.decodeIfPresent(String.self, forKey: .requestedRevision)
        dirty = try json.decodeIfPresent(Bool.self, forKey: .dirty) ?? false
        planDigest = try json.decodeIfPresent(String.self, forKey: .planDigest)
        restores = try json.decodeIfPresent(String.self, forKey: .restores)
        service = try json.decodeIfPresent(String.self, forKey: .service)
        resumedFrom = try json.decodeIfPresent(String.self, forKey: .resumedFrom)
        release = try json.decodeIfPresent(ReleaseRecord.self, forKey: .release)
        failedSteps = try json.decodeIfPresent([String].self, forKey: .failedSteps) ?? []
        if let counts = try json.decodeIfPresent(Counts.self, forKey: .steps) {
            steps.total = counts.total
            steps.succeeded = counts.succeeded
            steps.failed = counts.failed
            steps.cancelled = counts.cancelled
            steps.skipped = counts.skipped
        }
    }
}
