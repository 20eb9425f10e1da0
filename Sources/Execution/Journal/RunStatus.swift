/// How a run stands or ended, as `run.json`, `events.jsonl` and `bosun runs --json` record it
/// (the raw values are persisted). A finished run is `succeeded`, `failed` or `interrupted`; its
/// journal says `running` until then, and forever if its process was killed.
package enum RunStatus: String, Codable, Sendable {
    case running, succeeded, failed
    /// Stopped from outside (Ctrl-C): running steps were cancelled, the rest skipped.
    case interrupted

    /// The process exit status that goes with a finished run (130 is the shell's "killed by
    /// SIGINT"); a run still going has none yet.
    package var exitCode: Int32? {
        switch self {
        case .running: nil
        case .succeeded: ExitStatus.success.rawValue
        case .failed: ExitStatus.failure.rawValue
        case .interrupted: ExitStatus.interrupted.rawValue
        }
    }
}
