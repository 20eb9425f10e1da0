import BosunBasics
import Execution
import Foundation

/// `bosun runs`: past runs, newest first, one line each.
package enum RunListRenderer {
    /// `showCommits` adds the commit each run came from (`*` marks local changes).
    package static func render(_ runs: [RunSummary], showCommits: Bool = false, style: TerminalStyle) -> String {
        var header = ["RUN", "PLAN", "ENV", "OUTCOME", "STARTED", "TIME", "STEPS", "DEPLOYED"]
        if showCommits { header.insert("COMMIT", at: 4) }
        // Who started each run, when the cluster's records say (runs read from other machines).
        let showActors = runs.contains { $0.startedBy != nil }
        if showActors { header.append("BY") }
        var table = TextTable(header: header)
        for run in runs {
            let paint: (String) -> String = switch run.outcome {
            case .succeeded: style.success
            case .failed: style.failure
            case .interrupted, .running: style.warning
            }
            var row = [
                TextTable.Cell(text: run.id, paint: style.stepID),
                TextTable.Cell(text: run.planName),
                TextTable.Cell(text: run.environment),
                TextTable.Cell(text: StepStateText.outcome(run.outcome), paint: paint),
                TextTable.Cell(text: ISODate.text(run.startedAt)),
                TextTable.Cell(text: StepDuration.text(run.duration)),
                TextTable.Cell(text: "\(run.steps.succeeded)/\(run.steps.total) ok"),
                TextTable.Cell(text: deployed(run)),
            ]
            if showCommits {
                let commit = run.commit.map { String($0.prefix(12)) + (run.dirty ? "*" : "") } ?? "-"
                row.insert(TextTable.Cell(text: commit), at: 4)
            }
            if showActors { row.append(TextTable.Cell(text: run.startedBy ?? "-")) }
            table.rows.append(row)
        }
        let notes = runs.compactMap { run in run.note.map { "\(style.stepID(run.id)): \($0)" } }
        return (table.render(headerPaint: style.bold) + notes).joined(separator: "\n") + "\n"
    }

    /// The images the run left running, or `rolled back` when it restored what ran before.
    private static func deployed(_ run: RunSummary) -> String {
        let text = run.release?.deployedText ?? ""
        let note = run.exitCode == 3 ? " (rolled back)" : run.restores.map { " (restores \($0))" } ?? ""
        return (text.isEmpty ? "-" : text) + note
    }
}
