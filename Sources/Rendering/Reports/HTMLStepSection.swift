import BosunBasics
import Execution

/// One step's section of the report: its state, where it is written, attempts, time, what it
/// waited on, why it ended as it did, and its log folded under it (open when the step failed).
enum HTMLStepSection {
    static func render(_ timeline: RunTimeline, index: Int) -> String {
        let step = timeline.steps[index]
        let e = HTMLText.escape
        let state = step.record.state
        let tone = HTMLStepStates.tone(state)
        var html = "<section class=\"step t-\(tone)\(step.onCriticalPath ? " crit" : "")\" id=\"step-\(index)\" "
            + "data-step=\"\(e(step.id))\" data-state=\"\(state.rawValue)\">\n"
        html += "<h3><span class=\"badge t-\(tone)\">\(HTMLStepStates.label(state))</span><code>\(e(step.id))</code>"
            + "<span class=\"muted\">\(e(step.kind.rawValue)) · phase \(e(step.phase))</span>"
            + (step.onCriticalPath ? "<span class=\"badge crit-tag\">critical path</span>" : "") + "</h3>\n"
        if !step.summary.isEmpty { html += "<p class=\"summary\">\(e(step.summary))</p>\n" }
        html += "<dl class=\"facts\">\n"
        for (name, value) in facts(step) { html += "<dt>\(name)</dt><dd>\(value)</dd>\n" }
        html += "</dl>\n" + log(step) + "</section>\n"
        return html
    }

    /// Name and value (already HTML) of each line of the step's facts.
    private static func facts(_ step: RunTimeline.Step) -> [(String, String)] {
        let e = HTMLText.escape
        let record = step.record
        var facts: [(String, String)] = []
        if let message = record.message, !message.isEmpty { facts.append(("message", "<span class=\"message\">\(e(message))</span>")) }
        facts.append(("written at", "<code>\(e(step.location.description))</code>"))
        facts.append(("attempts", "\(record.attempts)" + (record.exitStatus.map { " <span class=\"muted\">(last exit status \($0))</span>" } ?? "")))
        facts.append(("duration", StepDuration.text(record.duration)))
        if let start = step.startOffset {
            let end = step.endOffset.map { " until +" + StepDuration.text($0) } ?? ", no end recorded"
            facts.append(("ran", "from +\(StepDuration.text(start))\(end) <span class=\"muted\">(after the run's start)</span>"))
        }
        let needs = step.needs.map { "<code>\(e($0))</code>" } + step.needsPhases.map { "every step of phase <code>\(e($0))</code>" }
        facts.append(("needs", needs.isEmpty ? "<span class=\"muted\">nothing</span>" : needs.joined(separator: ", ")))
        facts.append(("waited", e(HTMLStepWait.describe(step))))
        return facts
    }

    private static func log(_ step: RunTimeline.Step) -> String {
        guard let log = step.log, !log.isEmpty else { return "<p class=\"note\">No log: it printed nothing and ran nothing.</p>\n" }
        let text = TerminalEscapes.strip(log)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - (text.hasSuffix("\n") ? 1 : 0)
        let open = RunTimeline.Verdict(step.record.state) == .failure ? " open" : ""
        return "<details class=\"log\"\(open)><summary>log (\(lines) line\(lines == 1 ? "" : "s"))</summary>"
            + "<pre class=\"log\">\(HTMLText.escape(text))</pre></details>\n"
    }
}
