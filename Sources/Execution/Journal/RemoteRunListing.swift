import Foundation

/// A run whose journal is in S3: its id and the key prefix of its folder.
package struct RemoteRun: Sendable, Hashable {
    package let runID: String
    /// `PREFIX/<plan>/<environment>/<run>/`.
    package let key: String
}

/// Reads the runs out of a listing of a ``JournalBucket``'s keys (`aws s3api list-objects-v2
/// --query Contents[].Key`, a JSON array of keys, or `null` when nothing is there): a run is a
/// folder `PREFIX/<plan>/<environment>/<run>/` holding a `run.json`.
enum RemoteRunListing {
    static func runs(in listing: Data, bucket: JournalBucket) -> [RemoteRun] {
        let object = try? JSONSerialization.jsonObject(with: listing, options: [.fragmentsAllowed])
        let keys = object as? [String] ?? []
        return keys.compactMap { run(at: $0, bucket: bucket) }.sorted { ($0.runID, $0.key) > ($1.runID, $1.key) }
    }

    private static func run(at key: String, bucket: JournalBucket) -> RemoteRun? {
        guard key.hasPrefix(bucket.keyPrefix) else { return nil }
        let parts = key.dropFirst(bucket.keyPrefix.count).split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[3] == "run.json", !parts[0].isEmpty, !parts[1].isEmpty, RunID.isSafe(String(parts[2])) else {
            return nil
        }
        return RemoteRun(runID: String(parts[2]), key: bucket.keyPrefix + parts.dropLast().joined(separator: "/") + "/")
    }
}
