import PlanModel

/// Text for `bosun doctor`'s provider checks: each command with ok or failed, and for a failure
/// why and the last lines the command printed.
public enum DoctorRenderer {
    public static func heading(_ text: String, style: TerminalStyle) -> String { style.bold(text) }

    public static func passed(_ command: StepCommand, style: TerminalStyle) -> String {
        "  " + style.success("ok    ") + "  " + command.displayText
    }

    public static func failed(_ command: StepCommand, reason: String, output: [String], style: TerminalStyle) -> String {
        var lines = ["  " + style.failure("failed") + "  " + command.displayText, "          " + reason]
        lines += output.suffix(10).map { "          " + style.dim($0) }
        return lines.joined(separator: "\n")
    }

    public static func skipped(_ command: StepCommand, style: TerminalStyle) -> String {
        "  " + style.dim("skipped") + " " + command.displayText
    }
}
