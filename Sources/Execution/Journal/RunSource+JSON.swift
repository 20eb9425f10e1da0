import BosunBasics
import Foundation

/// The schema of a run's source, writer and reader side by side, as `run.json`'s `source`,
/// `bosun plan --format json`'s `source` and `bosun runs --json` hold it.
extension JSONWriter {
    package mutating func value(_ source: RunSource) {
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

extension RunSource: Decodable {
    private enum Key: String, CodingKey { case commit, localFiles, modifiedFiles, pinned, planDigest, requestedRevision, workingTree }

    package init(from decoder: any Decoder) throws {
        let json = try decoder.container(keyedBy: Key.self)
        commit = try json.decodeIfPresent(String.self, forKey: .commit)
        requestedRevision = try json.decodeIfPresent(String.self, forKey: .requestedRevision)
        pinned = try json.decode(Bool.self, forKey: .pinned)
        workingTree = try json.decode(Bool.self, forKey: .workingTree)
        modifiedFiles = try json.decode([String].self, forKey: .modifiedFiles)
        planDigest = try json.decode(String.self, forKey: .planDigest)
        localFiles = try json.decodeIfPresent([String].self, forKey: .localFiles)
    }
}
