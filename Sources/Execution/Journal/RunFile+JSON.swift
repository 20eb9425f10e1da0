import BosunBasics
import Foundation

/// `run.json` in one pass, byte for byte as `JSONEncoder` with the journal's conventions writes
/// ``RunFile`` (tests compare the two): it is rewritten at the end of every run with a record per
/// step, which JSONEncoder took ~10 µs a step to write.
extension RunFile {
    func json() -> [UInt8] {
        var json = JSONWriter(pretty: true, reservingCapacity: 256 * steps.count + 1024)
        json.object { json in
            json.field("environment", metadata.environment)
            json.field("evictedLockHolder", metadata.evictedLockHolder)
            json.field("exitCode", metadata.exitCode.map(Int.init))
            json.field("finishedAt", metadata.finishedAt.map(ISODate.text))
            json.field("invocation", metadata.invocation)
            json.field("outcome", metadata.outcome.rawValue)
            json.field("planFile", metadata.planFile)
            json.field("planName", metadata.planName)
            if let release = metadata.release { json.field("release") { $0.release(release) } }
            json.field("restores", metadata.restores)
            json.field("resumedFrom", metadata.resumedFrom)
            json.field("runID", metadata.runID)
            json.field("service", metadata.service)
            if let source = metadata.source { json.field("source") { $0.value(source) } }
            json.field("startedAt", ISODate.text(metadata.startedAt))
            json.field("steps") { json in json.array { json in for step in steps { json.stepRecord(step) } } }
        }
        return json.bytes
    }
}

extension JSONWriter {
    /// Where a run's plan came from, as its `Codable` conformance writes it (run.json and plan output alike).
    public mutating func value(_ source: RunSource) {
        object { json in
            json.field("commit", source.commit)
            json.field("localFiles", source.localFiles)
            json.field("modifiedFiles", source.modifiedFiles)
            json.field("pinned", source.pinned)
            json.field("planDigest", source.planDigest)
            json.field("requestedRevision", source.requestedRevision)
            json.field("workingTree", source.workingTree)
        }
    }
}
