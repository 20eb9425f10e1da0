import BosunBasics
import Execution

/// The line that says a step finished, with the run's count: `✔ [3/12] db (4.2s)`,
/// `✘ [4/12] api failed: exit status 1`. The same on a live terminal and in plain output
/// (`ok`, `!!`, `<<` instead of the marks when not coloured).
package enum StepResultLine {
    package static func text(_ record: StepRecord, count: Int, total: Int, style: TerminalStyle) -> String {
        let counter = style.dim("[\(count)/\(total)]")
        let time = record.duration.map { " " + style.dim("(" + StepDuration.text($0) + ")") } ?? ""
        let detail = record.message.map { ": " + $0 } ?? ""
        switch record.state {
        case .succeeded:
            return mark("✔", plain: "ok ", style) + " \(counter) " + style.stepID(record.id) + time
        case .skipped:
            return style.dim("- \(counter) \(record.id) \(record.message ?? "skipped")")
        case .cancelled:
            return style.warning("■ \(counter) \(record.id) \(record.message ?? "cancelled")") + time
        case .rolledBack:
            return style.warning(mark("↩", plain: "<<", style) + " \(counter) \(record.id) rolled back\(detail)") + time
        default:
            return style.failure(mark("✘", plain: "!!", style) + " \(counter) \(record.id) \(record.state.rawValue)\(detail)") + time
        }
    }

    private static func mark(_ glyph: String, plain: String, _ style: TerminalStyle) -> String { style.colored ? glyph : plain }
}

/// Counts finished steps once each (a step undone after it succeeded finishes a second time).
package struct FinishedSteps: Sendable {
    package private(set) var count = 0
    package var total = 0
    private var ids: Set<String> = []

    package init() {}

    /// Counts `id` if it had not finished before; returns the count so far.
    package mutating func finish(_ id: String) -> Int {
        if ids.insert(id).inserted { count += 1 }
        return count
    }
}
