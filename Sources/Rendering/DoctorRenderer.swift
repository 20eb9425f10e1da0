import PlanModel

/// Text for `bosun doctor`'s provider checks: each command with ok or failed, and for a failure
/// why and the last lines the command printed.
package enum DoctorRenderer {
    package static func heading(_ text: String, style: TerminalStyle) -> String { style.bold(text) }

    package static func passed(_ command: StepCommand, style: TerminalStyle) -> String {
        "  " + style.success("ok    ") + "  " + command.displayText
    }

    package static func failed(_ command: StepCommand, reason: String, output: [String], style: TerminalStyle) -> String {
        var lines = ["  " + style.failure("failed") + "  " + command.displayText, "          " + reason]
        lines += output.suffix(10).map { "          " + style.dim($0) }
        return lines.joined(separator: "\n")
    }

    package static func skipped(_ command: StepCommand, style: TerminalStyle) -> String {
        "  " + style.dim("skipped") + " " + command.displayText
    }

    /// A provider's machine-local file (a kubeconfig): found, or missing with its path.
    package static func localFile(_ file: LocalFile, style: TerminalStyle) -> String {
        let what = "\(file.parameter): \(file.path)" + (file.fromWorkingTree ? " (from the working tree)" : "")
        return "  " + (file.exists ? style.success("ok    ") : style.failure("failed")) + "  " + what
            + (file.exists ? "" : "\n          not found; the connect commands read it")
    }
}
