/// What `bosun --version` prints: the release, and the commit the binary was built from (by the
/// BuildInfoPlugin; `+changes` when tracked files differed from it, `unknown` outside git).
package enum BuildInfo {
    package static let version = "0.13.0"

    package static var commit: String { recordedCommit }

    /// `0.13.0 (commit 1a2b3c4d5e6f)`.
    package static var description: String { "\(version) (commit \(commit))" }
}
