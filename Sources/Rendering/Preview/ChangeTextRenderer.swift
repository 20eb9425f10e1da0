import ChangePreview

/// `bosun plan --live`: the steps by phase, each with what it would change, then the summary.
package enum ChangeTextRenderer {
    package static func render(_ report: ChangeReport, style: TerminalStyle = .plain) -> String {
        var lines = [style.bold("Live preview of \(report.plan) on \(report.environment)") + " (from \(sourceText(report))): what `bosun apply` would change", ""]
        var phase: String?
        // Ids padded to one column (a long one pushes only its own line).
        let width = min(report.steps.map(\.id.count).max() ?? 0, 40)
        for step in report.steps {
            if step.phase != phase {
                if phase != nil { lines.append("") }
                phase = step.phase
                lines.append(style.bold(step.phase))
            }
            let padding = String(repeating: " ", count: max(0, width - step.id.count))
            lines.append("  " + style.stepID(step.id) + padding + "  " + colored(ChangeWording.headline(step.outcome), step.outcome, style))
            lines += details(step.outcome).map { "      " + $0 }
        }
        lines.append("")
        for problem in report.problems { lines.append(style.failure("problem: ") + problem) }
        lines.append(style.bold("Summary: ") + ChangeWording.summary(report.summary))
        return lines.joined(separator: "\n") + "\n"
    }

    static func sourceText(_ report: ChangeReport) -> String {
        if report.source == "working tree" { return "the working tree" + (report.commit.map { " at \($0.prefix(12))" } ?? "") }
        return report.source + (report.commit.map { $0.hasPrefix(report.source) ? "" : " = \($0.prefix(12))" } ?? "")
    }

    private static func colored(_ text: String, _ outcome: StepOutcome, _ style: TerminalStyle) -> String {
        switch outcome.status {
        case "changes": style.warning(text)
        case "failed": style.failure(text)
        case "no-changes", "runs": style.dim(text)
        default: text
        }
    }

    /// The lines under a step: Terraform's addresses, each object and its diff, a preview's output.
    private static func details(_ outcome: StepOutcome) -> [String] {
        switch outcome {
        case .terraform(let changes):
            return changes.filter(\.inTarget).map { "\(ChangeWording.mark($0.action)) \($0.address) (\($0.action.rawValue))" }
        case .kubernetes(let objects):
            return objects.filter { $0.action != .unchanged }.flatMap { object -> [String] in
                var lines = ["\(ChangeWording.mark(object.action)) \(object.shownName)"
                    + object.images.map { " (\($0.container): \(ChangeWording.imageMove(from: $0.from, to: $0.to)))" }.joined()]
                // A created object is shown whole in --format json and markdown; here its name says it.
                if object.action == .change, let diff = object.diff { lines += diff.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 } }
                return lines
            }
        case .runs(_, let preview?):
            return ["$ " + preview.command] + preview.output.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }
                + (preview.exitStatus.map { $0 == 0 ? [] : ["(exited with status \($0))"] } ?? [])
        case .failed(let message):
            let lines = message.split(separator: "\n").map(String.init)
            return lines.count > 1 ? Array(lines.dropFirst()) : []
        default:
            return []
        }
    }
}
