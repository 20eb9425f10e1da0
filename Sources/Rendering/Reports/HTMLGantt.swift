import BosunBasics
import Foundation

/// The report's timeline: a row per step, grouped by phase, on one time axis from the run's start.
/// A dotted line up to when the step's needs had finished, a hatched bar while it was ready but
/// queued, a solid bar (coloured by state, outlined on the critical path) while it ran; a step that
/// never started says so instead of a bar.
enum HTMLGantt {
    static let legend = """
        <div class="legend"><span><span class="swatch s-ok"></span>succeeded</span><span><span class="swatch s-bad"></span>failed</span>\
        <span><span class="swatch s-warn"></span>cancelled / rolled back</span><span><span class="swatch s-live"></span>no end recorded</span>\
        <span><span class="swatch s-crit"></span>critical path</span><span><span class="swatch s-dep"></span>waiting for its needs</span>\
        <span><span class="swatch s-queue"></span>ready, queued</span></div>\n
        """

    static func render(_ timeline: RunTimeline) -> String {
        let axis = Axis(timeline)
        let ends = Dictionary(timeline.steps.compactMap { step in step.endOffset.map { (step.id, $0) } }, uniquingKeysWith: max)
        var html = "<section id=\"timeline\">\n<h2>Timeline</h2>\n" + legend
        guard !timeline.steps.isEmpty else { return html + "<p class=\"note\">The plan has no steps.</p>\n</section>\n" }
        html += "<div class=\"gantt\" style=\"--tick: \(axis.percent(axis.tick))%\">\n"
        html += "<div class=\"axis\"><div class=\"label\"></div><div class=\"ticks\">"
        for (number, time) in axis.ticks.enumerated() {
            html += "<span\(number == 0 ? " class=\"first\"" : "") style=\"left: \(axis.percent(time))%\">\(axis.text(time))</span>"
        }
        html += "</div></div>\n"
        for phase in timeline.phases {
            html += "<div class=\"gphase\" data-phase=\"\(HTMLText.escape(phase.name))\"><div>\(HTMLText.escape(phase.name))</div><div></div></div>\n"
            for index in phase.steps { html += row(timeline.steps[index], index: index, axis: axis, ends: ends) }
        }
        return html + "</div>\n</section>\n"
    }

    /// `ends`: when each step that ended did, from the run's start.
    private static func row(_ step: RunTimeline.Step, index: Int, axis: Axis, ends: [String: Double]) -> String {
        let e = HTMLText.escape
        let state = step.record.state
        let tone = HTMLStepStates.tone(state)
        var track = ""
        if let ready = step.readyAfter, ready > 0 {
            track += "<span class=\"dep\" style=\"left: 0%; width: \(axis.percent(ready))%\"></span>"
        }
        if let ready = step.readyAfter, let start = step.startOffset, start - ready >= HTMLStepWait.noticeableQueue {
            track += "<span class=\"queue\" style=\"left: \(axis.percent(ready))%; width: \(axis.percent(start - ready))%\"></span>"
        }
        if let start = step.startOffset {
            let end = step.endOffset ?? axis.total
            track += "<span class=\"bar t-\(tone)\(step.onCriticalPath ? " crit" : "")\" style=\"left: \(axis.percent(start))%; "
                + "width: \(axis.percent(max(0, end - start)))%\"></span>"
            track += timeLabel(e(timeText(step)), start: min(start, step.readyAfter ?? start), end: end, axis: axis)
        } else {
            let message = step.record.message.map { ": " + $0 } ?? ""
            // Where it became ready, or else where the last of its needs ended (failed); past the
            // middle the words end there, so that they stay on the row.
            let ready = step.readyAfter ?? step.needs.compactMap { ends[$0] }.max() ?? 0
            let place = ready > axis.total / 2 ? "class=\"none end\" style=\"right: \(axis.percent(axis.total - ready))%\""
                : "class=\"none\" style=\"left: \(axis.percent(ready))%\""
            track += "<span \(place)>\(HTMLStepStates.label(state))\(e(message))</span>"
        }
        let title = "\(step.id): \(HTMLStepStates.label(state)); \(HTMLStepWait.describe(step))"
            + (step.onCriticalPath ? "; on the critical path" : "")
        return "<div class=\"grow t-\(tone)\(step.onCriticalPath ? " crit" : "")\" data-step=\"\(e(step.id))\" data-state=\"\(state.rawValue)\" "
            + "title=\"\(e(title))\"><div class=\"label\"><a href=\"#step-\(index)\"><code>\(e(step.id))</code></a></div>"
            + "<div class=\"track\">\(track)</div></div>\n"
    }

    /// After the bar; near the right edge, before it (and its queue) instead, or inside it when it spans the row.
    private static func timeLabel(_ text: String, start: Double, end: Double, axis: Axis) -> String {
        let (from, to) = (start / axis.total, end / axis.total)
        if to <= 0.75 { return "<span class=\"time\" style=\"left: \(axis.percent(end))%\">\(text)</span>" }
        if from >= 0.3 { return "<span class=\"time before\" style=\"right: \(axis.percent(axis.total - start))%\">\(text)</span>" }
        return "<span class=\"time inside\" style=\"right: \(axis.percent(axis.total - end))%\">\(text)</span>"
    }

    private static func timeText(_ step: RunTimeline.Step) -> String {
        guard let end = step.endOffset else { return HTMLStepStates.label(step.record.state) + ", no end recorded" }
        let duration = StepDuration.text(step.record.duration ?? step.startOffset.map { end - $0 })
        return step.record.state == .succeeded ? duration : duration + " " + HTMLStepStates.label(step.record.state)
    }

    /// Seconds from the run's start to a position on the row, with round-numbered ticks.
    struct Axis {
        var total: Double
        var tick: Double

        init(_ timeline: RunTimeline) {
            let ends = timeline.steps.flatMap { [$0.endOffset, $0.startOffset, $0.readyAfter].compactMap { $0 } }
            total = max(timeline.metadata.duration ?? 0, ends.max() ?? 0, 0.001)
            tick = Self.roundStep(total / 8)
        }

        var ticks: [Double] {
            stride(from: 0, through: total + tick * 1e-9, by: tick).map { $0 }
        }

        func percent(_ seconds: Double) -> String {
            String(format: "%.3f", min(100, max(0, seconds / total * 100)))
        }

        func text(_ seconds: Double) -> String {
            if seconds == 0 { return "0s" }
            if tick < 1 { return tick < 0.1 ? "\(Int((seconds * 1000).rounded()))ms" : String(format: "%.1fs", seconds) }
            return seconds < 60 ? "\(Int(seconds.rounded()))s" : DurationSyntax.format(seconds: seconds)
        }

        /// The smallest 1, 2 or 5 times a power of ten at least `raw` (minutes past a minute).
        static func roundStep(_ raw: Double) -> Double {
            if raw > 60 {
                return [60.0, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400].first { $0 >= raw } ?? (raw / 86400).rounded(.up) * 86400
            }
            let magnitude = pow(10, (log10(raw)).rounded(.down))
            return [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        }
    }
}
