/// What `bosun --version` prints: the release, and the commit the binary was built from (by the
/// BuildInfoPlugin; `+changes` when tracked files differed from it, `unknown` outside git).
public enum BuildInfo {
    public static let version = "0.13.0"

    public static var commit: String { recordedCommit }

    /// `0.13.0 (commit 1a2b3c4d5e6f)`.
    public static var description: String { "\(version) (commit \(commit))" }
}
