import BosunBasics
import Execution

/// Why a deployment call did not run (or did not finish starting) what it was asked to. Each
/// case knows its exit status, so the CLI maps errors to statuses in one place.
package enum DeploymentError: Error, Sendable {
    /// The plan (or a value given for it) is invalid: every diagnostic, naming the user's files.
    case invalidPlan(diagnostics: [Diagnostic], planFile: String, revision: String?)
    /// The run was refused before any step: the environment is locked, the state folder cannot
    /// be made, nothing was confirmed.
    case refused(String)
    /// `--resume` names a run that cannot safely be continued.
    case resumeRefused(String)
    /// Tools the plan needs are missing (the report says which, masked).
    case toolsMissing(PreflightReport)
    /// Stopped (Ctrl-C) before the run started: nothing ran.
    case interrupted

    package var exitStatus: ExitStatus {
        switch self {
        case .invalidPlan, .resumeRefused: .invalidInput
        case .refused, .toolsMissing: .failure
        case .interrupted: .interrupted
        }
    }
}

extension DeploymentError {
    /// One paragraph for a warning beside other output (the CLI renders errors in full itself).
    package var summary: String {
        switch self {
        case .invalidPlan(let diagnostics, _, _): diagnostics.map(\.message).joined(separator: "; ")
        case .refused(let text), .resumeRefused(let text): text
        case .toolsMissing: "tools the plan needs are missing (`bosun doctor` says which)"
        case .interrupted: "interrupted"
        }
    }
}
