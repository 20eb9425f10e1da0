import Execution
import Foundation

/// `bosun runs`: past runs, newest first, one line each.
public enum RunListRenderer {
    public static func render(_ runs: [RunSummary], style: TerminalStyle) -> String {
        var table = TextTable(header: ["RUN", "PLAN", "ENV", "OUTCOME", "STARTED", "TIME", "STEPS"])
        for run in runs {
            let paint: (String) -> String = switch run.outcome {
            case .succeeded: style.success
            case .failed: style.failure
            case .interrupted, .running: style.warning
            }
            table.rows.append([
                TextTable.Cell(text: run.id, paint: style.stepID),
                TextTable.Cell(text: run.planName),
                TextTable.Cell(text: run.environment),
                TextTable.Cell(text: StepStateText.outcome(run.outcome), paint: paint),
                TextTable.Cell(text: run.startedAt.formatted(.iso8601)),
                TextTable.Cell(text: ElapsedTime.format(run.duration)),
                TextTable.Cell(text: "\(run.steps.succeeded)/\(run.steps.total) ok"),
            ])
        }
        return table.render(headerPaint: style.bold).joined(separator: "\n") + "\n"
    }
}
