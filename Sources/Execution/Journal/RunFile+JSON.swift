import BosunBasics
import Foundation

/// `run.json`: the metadata fields with the step records beside them, in one flat object.
struct RunFile {
    var metadata: RunMetadata
    var steps: [StepRecord]
}

/// The schema of `run.json`, writer and reader side by side: pretty, keys sorted, absent values
/// left out, dates as ``ISODate``. Written by hand in one pass: it is rewritten at the end of
/// every run with a record per step, which `JSONEncoder` took ~10 µs a step to write.
/// `run.json` of older Bosun (dates without milliseconds, no `steps`) reads the same;
/// `Golden/run.json` pins the text.
extension RunFile {
    func json() -> [UInt8] {
        var json = JSONWriter(pretty: true, reservingCapacity: 256 * steps.count + 1024)
        json.object { json in
            json.metadataFields(metadata, then: "steps", { json in
                json.array { json in for step in steps { json.stepRecord(step) } }
            })
        }
        return json.bytes
    }

    init(json: Data) throws {
        self = try JournalJSON.decoder().decode(RunFile.self, from: json)
    }
}

extension RunFile: Decodable {
    private enum Key: String, CodingKey {
        case environment, evictedLockHolder, exitCode, finishedAt, invocation, outcome, planFile, planName, release
        case restores, resumedFrom, runID, service, source, startedAt, steps
    }

    init(from decoder: any Decoder) throws {
        let json = try decoder.container(keyedBy: Key.self)
        metadata = RunMetadata(
            runID: try json.decode(String.self, forKey: .runID), planName: try json.decode(String.self, forKey: .planName),
            planFile: try json.decode(String.self, forKey: .planFile), environment: try json.decode(String.self, forKey: .environment),
            invocation: try json.decode([String].self, forKey: .invocation), startedAt: try json.decode(Date.self, forKey: .startedAt),
            finishedAt: try json.decodeIfPresent(Date.self, forKey: .finishedAt), outcome: try json.decode(RunStatus.self, forKey: .outcome),
            exitCode: try json.decodeIfPresent(Int32.self, forKey: .exitCode),
            source: try json.decodeIfPresent(RunSource.self, forKey: .source),
            resumedFrom: try json.decodeIfPresent(String.self, forKey: .resumedFrom),
            evictedLockHolder: try json.decodeIfPresent(String.self, forKey: .evictedLockHolder),
            release: try json.decodeIfPresent(ReleaseRecord.self, forKey: .release),
            restores: try json.decodeIfPresent(String.self, forKey: .restores),
            service: try json.decodeIfPresent(String.self, forKey: .service))
        steps = try json.decodeIfPresent([StepRecord].self, forKey: .steps) ?? []
    }
}

/// `bosun show --json`: `{"run": the metadata as run.json has it, "steps": the step records}`.
package enum RunDocument {
    package static func json(metadata: RunMetadata, steps: [StepRecord]) -> String {
        var json = JSONWriter(pretty: true, reservingCapacity: 256 * steps.count + 1024)
        json.object { json in
            json.field("run") { json in json.object { json in json.metadataFields(metadata) } }
            json.field("steps") { json in json.array { json in for step in steps { json.stepRecord(step) } } }
        }
        return json.text
    }
}

extension JSONWriter {
    /// The metadata's members, and after `last` (a key that sorts after them all) its value.
    fileprivate mutating func metadataFields(_ metadata: RunMetadata, then last: String? = nil, _ body: (inout JSONWriter) -> Void = { _ in }) {
        field("environment", metadata.environment)
        field("evictedLockHolder", metadata.evictedLockHolder)
        field("exitCode", metadata.exitCode.map(Int.init))
        field("finishedAt", metadata.finishedAt.map(ISODate.text))
        field("invocation", metadata.invocation)
        field("outcome", metadata.outcome.rawValue)
        field("planFile", metadata.planFile)
        field("planName", metadata.planName)
        if let release = metadata.release { field("release") { $0.release(release) } }
        field("restores", metadata.restores)
        field("resumedFrom", metadata.resumedFrom)
        field("runID", metadata.runID)
        field("service", metadata.service)
        if let source = metadata.source { field("source") { $0.value(source) } }
        field("startedAt", ISODate.text(metadata.startedAt))
        if let last { field(last, body) }
    }
}
