import BosunBasics
import Foundation
import Yams

/// `records:` (plan-wide, or one environment's): whether runs keep their release record in the
/// environment's cluster, and how many of them. `records: false` opts out; `records: true` or
/// `records: { keep: N }` keeps the last N (default 50).
package struct RecordsSpec: Sendable {
    package var enabled: Bool
    package var keep: Located<Int>?
    package var location: SourceLocation

    package static let defaultKeep = 50
}

/// `state: { s3: BUCKET/PREFIX }`: where each run's journal (events and logs) is uploaded when it
/// ends, so that `bosun show RUN` works from any machine.
package struct JournalStateSpec: Sendable {
    package var s3: Located<String>
}

/// Bounds of the cluster-state keys.
package enum ClusterStateBounds {
    /// Records kept per plan and environment: at least one (the live release), at most what one
    /// listing of `bosun-system` still reads in well under a second.
    package static let keep = CountBounds(field: "records.keep", most: 1000)
    /// A cluster lock's Lease: renewed every third of it; a killed holder keeps the environment
    /// locked this long.
    package static let lease = DurationBounds(field: "lock_lease", least: 3, most: 3600, range: "from 3s to 1h")
}

extension YAMLFields {
    /// `records: true | false | { keep: N }`.
    mutating func records(_ node: Node) -> RecordsSpec? {
        let location = location(of: node)
        if case .mapping = node {
            guard let keyed = keyed(node, field: "records", allowed: ["keep"]) else { return nil }
            var keep = keyed["keep"].flatMap { count($0, ClusterStateBounds.keep) }
            if let value = keep, value.value < 1 {
                diagnostics.error("'records.keep' must be at least 1 (the live release)", at: value.location,
                                  hint: "to keep no records, write records: false")
                keep = nil
            }
            return RecordsSpec(enabled: true, keep: keep, location: location)
        }
        return bool(node, field: "records").map { RecordsSpec(enabled: $0, keep: nil, location: location) }
    }

    /// `state: { s3: BUCKET/PREFIX }`.
    mutating func journalState(_ node: Node) -> JournalStateSpec? {
        guard let keyed = keyed(node, field: "state", allowed: ["s3"]),
              let s3Node = keyed.require("s3", in: "state", into: &self),
              let s3 = string(s3Node, field: "state.s3") else { return nil }
        var path = s3.value
        if path.hasPrefix("s3://") { path.removeFirst(5) }
        let bucket = path.split(separator: "/", maxSplits: 1).first.map(String.init) ?? ""
        let validBucket = (3...63).contains(bucket.count)
            && bucket.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "." }
        guard validBucket else {
            diagnostics.error("'state.s3' must be BUCKET or BUCKET/PREFIX with an S3 bucket name, got '\(s3.value)'", at: s3.location,
                              hint: "bucket names are 3 to 63 lowercase letters, digits, '-' and '.', e.g. s3: my-team-bosun/journals")
            return nil
        }
        if path.hasSuffix("/") { path.removeLast() }
        // The prefix becomes part of object keys and of the aws CLI's --include patterns: plain
        // names only, no empty, `.` or `..` segment.
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let plainPrefix = segments.allSatisfy { segment in
            !segment.isEmpty && segment != "." && segment != ".."
                && segment.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        }
        guard plainPrefix else {
            diagnostics.error("'state.s3' has a prefix Bosun does not use, got '\(s3.value)'", at: s3.location,
                              hint: "a prefix is folder names of letters, digits, '-', '_' and '.', separated by '/', e.g. s3: my-team-bosun/journals/prod")
            return nil
        }
        return JournalStateSpec(s3: Located(path, at: s3.location))
    }
}
