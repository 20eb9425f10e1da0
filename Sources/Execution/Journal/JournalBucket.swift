import PlanModel

/// Where run journals are kept in S3 (`state: { s3: BUCKET/PREFIX }`, or `bosun show --s3`), and
/// how they are laid out there: one folder per run, under its plan and environment,
///
///     s3://BUCKET/PREFIX/<plan>/<environment>/<run id>/run.json, events.jsonl, plan.json, logs/…
///
/// so that runs of one environment list together, and two machines' runs of different plans never
/// share a folder. Plan and environment names are written as step file names are (letters,
/// digits, `-`, `_` and `.` as they are, any other byte as `%XX`), so no name makes a key that
/// climbs out of its folder.
package struct JournalBucket: Sendable, Hashable {
    package let bucket: String
    /// The key prefix under the bucket, without slashes around it; empty for the whole bucket.
    package let prefix: String

    /// `BUCKET` or `BUCKET/PREFIX`, `s3://` and a trailing `/` allowed; nil when the bucket is not
    /// an S3 bucket name (3 to 63 lowercase letters, digits, `-` and `.`) or the prefix is not plain.
    package init?(_ text: String) {
        var path = Substring(text)
        if path.hasPrefix("s3://") { path = path.dropFirst(5) }
        while path.hasSuffix("/") { path = path.dropLast() }
        let parts = path.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        let bucket = parts.first.map(String.init) ?? ""
        guard (3...63).contains(bucket.count),
              bucket.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "." }) else { return nil }
        let prefix = parts.count > 1 ? String(parts[1]) : ""
        guard prefix.isEmpty || Self.isPlainPrefix(prefix) else { return nil }
        self.bucket = bucket
        self.prefix = prefix
    }

    /// Segments of letters, digits, `-`, `_` and `.`, none empty, `.` or `..`: a key prefix that
    /// no listing misses (`a//b`), that the aws CLI's `--include` patterns read as plain text (no
    /// `*`, `?` or `[`), and that never names a folder above a download's.
    private static func isPlainPrefix(_ prefix: String) -> Bool {
        prefix.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { segment in
            !segment.isEmpty && segment != "." && segment != ".."
                && segment.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        }
    }

    /// What `state.s3` and `--s3` accept, for messages.
    package static let expected = "BUCKET or BUCKET/PREFIX (letters, digits, '-', '_', '.' and '/'), e.g. my-team-bosun/journals"

    /// `s3://BUCKET/PREFIX/`: every plan's runs.
    package var url: String { "s3://\(bucket)/" + keyPrefix }

    /// The key every journal's key starts with: `PREFIX/`, or nothing.
    package var keyPrefix: String { prefix.isEmpty ? "" : prefix + "/" }

    /// The key prefix of one plan's runs on one environment.
    package func environmentKey(plan: String, environment: String) -> String {
        keyPrefix + StepFileName.of(plan) + "/" + StepFileName.of(environment) + "/"
    }

    /// The key prefix of one run's journal (`runID` must be a ``RunID/isSafe(_:)`` id).
    package func runKey(plan: String, environment: String, runID: String) -> String {
        environmentKey(plan: plan, environment: environment) + runID + "/"
    }

    /// `s3://…/<plan>/<environment>/<run>/`.
    package func runURL(plan: String, environment: String, runID: String) -> String {
        "s3://\(bucket)/" + runKey(plan: plan, environment: environment, runID: runID)
    }

    /// `s3://…/<plan>/<environment>/`.
    package func environmentURL(plan: String, environment: String) -> String {
        "s3://\(bucket)/" + environmentKey(plan: plan, environment: environment)
    }
}
