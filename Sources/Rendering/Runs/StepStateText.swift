import Execution

/// How a step's state reads in tables and progress lines, and how loudly it is coloured.
enum StepStateText {
    static func label(_ state: StepState) -> String {
        switch state {
        case .pending: "pending"
        case .running: "running"
        case .succeeded: "ok"
        case .failed: "FAILED"
        case .timedOut: "TIMED OUT"
        case .rolledBack: "ROLLED BACK"
        case .rollbackFailed: "ROLLBACK FAILED"
        case .cancelled: "cancelled"
        case .skipped: "skipped"
        }
    }

    static func paint(_ state: StepState, style: TerminalStyle) -> (String) -> String {
        switch state {
        case .succeeded: style.success
        case .failed, .timedOut, .rollbackFailed: style.failure
        case .rolledBack, .cancelled: style.warning
        case .pending, .running, .skipped: style.dim
        }
    }

    static func outcome(_ status: RunStatus) -> String {
        switch status {
        case .running: "running (or killed)"
        case .succeeded: "succeeded"
        case .failed: "FAILED"
        case .interrupted: "interrupted"
        }
    }
}
