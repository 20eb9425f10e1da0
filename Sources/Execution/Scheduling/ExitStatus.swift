/// Bosun's exit statuses, one meaning each, so that CI can tell them apart. The one table: the
/// run report, the CLI's error handling and every help text that lists them read it.
package enum ExitStatus: Int32, Sendable, CaseIterable {
    case success = 0
    /// A step failed (or the run was refused: a lock held, a tool missing, not confirmed).
    case failure = 1
    /// The plan is invalid, or the command line is (the user's input either way).
    case invalidInput = 2
    /// A release failed and was rolled back: the environment is where it was.
    case rolledBack = 3
    /// A rollback itself failed: the environment may be half-changed.
    case rollbackFailed = 4
    /// `plan --live --detailed-exitcode`: the preview is complete and applying would change
    /// something (Terraform's 2 means an invalid plan here, so changes have their own status).
    case changesPresent = 5
    /// Stopped by SIGINT/SIGTERM (130, the shell's "killed by SIGINT").
    case interrupted = 130

    /// What the status means, as the help texts list it.
    var meaning: String {
        switch self {
        case .success: "success"
        case .failure: "a step failed"
        case .invalidInput: "invalid plan or usage"
        case .rolledBack: "a release failed and was rolled back"
        case .rollbackFailed: "a rollback failed"
        case .changesPresent: "changes present (plan --live --detailed-exitcode)"
        case .interrupted: "interrupted"
        }
    }

    /// "Exit status: 0 success, 1 a step failed, …", for `--help`.
    package static var helpLine: String {
        "Exit status: " + allCases.map { "\($0.rawValue) \($0.meaning)" }.joined(separator: ", ") + "."
    }
}
