import BosunBasics
import Execution

/// The table printed at the end of `bosun apply` and by `bosun show`: every step, its state,
/// time, attempts and why it did not succeed, then a verdict a person cannot misread.
package enum RunSummaryRenderer {
    package static func render(
        runID: String, outcome: RunStatus, duration: Double?, records: [StepRecord], deployments: [DeploymentRelease] = [],
        journal: String?, style: TerminalStyle
    ) -> String {
        var table = TextTable(header: ["STEP", "STATE", "TIME", "TRIES", "DETAIL"])
        for record in records {
            table.rows.append([
                TextTable.Cell(text: record.id, paint: style.stepID),
                TextTable.Cell(text: StepStateText.label(record.state), paint: StepStateText.paint(record.state, style: style)),
                TextTable.Cell(text: StepDuration.text(record.duration)),
                TextTable.Cell(text: record.attempts == 0 ? "-" : "\(record.attempts)"),
                TextTable.Cell(text: record.message ?? ""),
            ])
        }
        var lines = table.render(headerPaint: style.bold)
        if !deployments.isEmpty {
            lines.append("")
            lines += ReleaseText.table(deployments, style: style)
        }
        lines.append("")
        lines += verdict(outcome: outcome, duration: duration, records: records, style: style)
        lines += ReleaseText.halfDone(deployments, outcome: outcome, style: style)
        if let journal { lines.append(style.dim("journal: \(journal)  (bosun show \(runID))")) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The last lines: the outcome with counts, and the failures that matter most, loudest first.
    static func verdict(outcome: RunStatus, duration: Double?, records: [StepRecord], style: TerminalStyle) -> [String] {
        let counts = StepCounts(records)
        var parts = ["\(counts.succeeded) succeeded"]
        if counts.failed > 0 { parts.append("\(counts.failed) failed") }
        if counts.cancelled > 0 { parts.append("\(counts.cancelled) cancelled") }
        if counts.skipped > 0 { parts.append("\(counts.skipped) skipped") }
        let head = "Run \(StepStateText.outcome(outcome)) in \(StepDuration.text(duration)): " + parts.joined(separator: ", ")
        var lines = [outcome == .succeeded ? style.success(head) : style.failure(head)]
        for record in records where record.state == .rollbackFailed {
            lines.append(style.failure("!! \(record.id) FAILED, AND ITS ROLLBACK FAILED: the system may be half-changed; check it by hand"))
        }
        for record in records where record.state == .rolledBack {
            lines.append(style.warning("\(record.id) rolled back" + (record.message.map { ": \($0)" } ?? "")))
        }
        return lines
    }
}
