import Execution

/// How a step's or a run's state reads in the HTML report, and the CSS class that colours it.
enum HTMLStepStates {
    static func label(_ state: StepState) -> String {
        switch state {
        case .pending: "pending"
        case .running: "running"
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .timedOut: "timed out"
        case .rolledBack: "rolled back"
        case .rollbackFailed: "rollback failed"
        case .cancelled: "cancelled"
        case .skipped: "skipped"
        }
    }

    /// One of the report's five colours: ok, bad, warn, idle (never ran), live (no end recorded).
    static func tone(_ state: StepState) -> String {
        switch state {
        case .succeeded: "ok"
        case .failed, .timedOut, .rollbackFailed: "bad"
        case .rolledBack, .cancelled: "warn"
        case .skipped: "idle"
        case .pending, .running: "live"
        }
    }

    static func label(_ outcome: RunStatus) -> String {
        switch outcome {
        case .running: "running (or killed)"
        case .succeeded: "succeeded"
        case .failed: "failed"
        case .interrupted: "interrupted"
        }
    }

    static func tone(_ outcome: RunStatus) -> String {
        switch outcome {
        case .running: "live"
        case .succeeded: "ok"
        case .failed: "bad"
        case .interrupted: "warn"
        }
    }
}
