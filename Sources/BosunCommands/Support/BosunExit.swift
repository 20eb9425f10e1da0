import ArgumentParser

/// Bosun's exit statuses, one meaning each, so CI can tell them apart.
enum BosunExit: Int32, Error {
    case success = 0
    case failure = 1
    case invalidPlan = 2
    /// The same status as an invalid plan: the command line is the user's input too.
    static let usage = BosunExit.invalidPlan
    case interrupted = 130

    var exitCode: ExitCode { ExitCode(rawValue) }
}
