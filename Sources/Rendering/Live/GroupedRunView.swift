import BosunBasics
import Execution
import PlanModel

/// A run as a terminal shows it when parallel steps must stay readable: while steps run, one
/// status line each (its id, elapsed time and latest output line); when a step finishes, its
/// result line followed by everything it printed, grouped and indented, so that interleaved
/// output never mixes. With `quiet`, only steps that did not succeed show their output.
///
/// A pure function of the events and the times it is given (no clock, no terminal): the caller
/// prints the text ``apply(_:at:)`` returns above the area and draws ``statusLines(at:width:height:)``.
package struct GroupedRunView: Sendable {
    package struct Settings: Sendable {
        package var style: TerminalStyle
        /// Show only the output of steps that failed, were rolled back, timed out or were cancelled.
        package var quiet: Bool
        /// The most lines, and bytes, kept of one step's output (the journal keeps it all).
        package var maxLines: Int
        package var maxBytes: Int
        /// Named in the note about lines not kept, once known.
        package var runID: String?

        package init(style: TerminalStyle, quiet: Bool = false, maxLines: Int = 1000, maxBytes: Int = 256 * 1024, runID: String? = nil) {
            self.style = style
            self.quiet = quiet
            self.maxLines = maxLines
            self.maxBytes = maxBytes
            self.runID = runID
        }
    }

    private struct RunningStep: Sendable {
        var startedAt: Double
        /// The last line that was not blank, as printed.
        var latest = ""
        var tail: StepOutputTail
    }

    package var settings: Settings
    private var running: [String: RunningStep] = [:]
    /// Running steps' ids in the order they started: the order of the status lines.
    private var order: [String] = []
    private var finished = FinishedSteps()
    private static let indent = "    "

    package init(settings: Settings) {
        self.settings = settings
    }

    /// Takes in one event at monotonic time `now` (seconds); returns the text to print above the
    /// status area (whole lines), if any.
    package mutating func apply(_ event: ExecutionEvent, at now: Double) -> String? {
        let style = settings.style
        switch event {
        case .runStarted(let planName, let stepCount, _):
            finished.total = stepCount
            return style.bold("Running \(planName): \(stepCount) steps") + "\n"
        case .stepStarted(let id, let attempt):
            if attempt > 1 { record(id, .note, "attempt \(attempt)", at: now) } else { _ = step(id, at: now) }
        case .commandStarted(let id, let displayText):
            record(id, .command, displayText, at: now)
        case .output(let line) where running[line.stepID] == nil:
            // A line after its step's end (none is expected): shown as the plain output shows it.
            return settings.quiet ? nil : style.stepID("[\(line.stepID)]") + " " + line.text + "\n"
        case .output(let line):
            record(line.stepID, line.stream == .info ? .info : .output, line.text, at: now)
        case .stepRetrying(let id, let attempt, let delay, let reason):
            record(id, .note, "\(reason); attempt \(attempt) in \(StepDuration.text(delay))", at: now)
        case .rollbackStarted(let id):
            record(id, .note, "rolling back", at: now)
        case .stepFinished(let record):
            return finish(record) + "\n"
        case .runFinished, .deploymentObserved, .processStarted:
            break
        }
        return nil
    }

    /// The status area: a count line, then one line per running step in the order they started,
    /// each at most `width - 1` columns (the last column would wrap on some terminals); at most
    /// `height` lines, the steps that do not fit counted on the last.
    package func statusLines(at now: Double, width: Int, height: Int) -> [String] {
        guard !order.isEmpty else { return [] }
        let style = settings.style
        let usable = max(10, width - 1)
        let height = max(2, height)
        var lines = [style.dim(TerminalLine.fitted("[\(finished.count)/\(finished.total)] \(order.count) running", width: usable))]
        let shown = order.count <= height - 1 ? order[...] : order.prefix(height - 2)
        for id in shown {
            guard let step = running[id] else { continue }
            lines.append(statusLine(id, step, elapsed: now - step.startedAt, width: usable))
        }
        if shown.count < order.count {
            lines.append(style.dim(TerminalLine.fitted("  … and \(order.count - shown.count) more running", width: usable)))
        }
        return lines
    }

    private func statusLine(_ id: String, _ step: RunningStep, elapsed: Double, width: Int) -> String {
        let style = settings.style
        let name = TerminalLine.sanitized(id)
        let time = Self.elapsed(elapsed)
        let lead = "  \(name) \(time)"
        let leadColumns = TerminalLine.columns(lead)
        guard leadColumns + 3 < width else { return TerminalLine.fitted(lead, width: width) }
        let latest = TerminalLine.fitted(TerminalLine.sanitized(step.latest), width: width - leadColumns - 2)
        return "  " + style.stepID(name) + " " + style.dim(time) + (latest.isEmpty ? "" : "  " + latest)
    }

    /// Whole seconds, so that a line changes at most once a second while its step is quiet.
    static func elapsed(_ seconds: Double) -> String {
        let whole = max(0, Int(seconds))
        return whole < 60 ? "\(whole)s" : DurationSyntax.format(seconds: Double(whole))
    }

    private mutating func step(_ id: String, at now: Double) -> RunningStep {
        if let step = running[id] { return step }
        let step = RunningStep(startedAt: now, tail: StepOutputTail(maxLines: settings.maxLines, maxBytes: settings.maxBytes))
        running[id] = step
        order.append(id)
        return step
    }

    /// Keeps a line of the step's block; a step not running yet (an undo after it succeeded)
    /// shows in the status area again.
    private mutating func record(_ id: String, _ kind: StepOutputTail.Entry.Kind, _ text: String, at now: Double) {
        var step = step(id, at: now)
        step.tail.append(StepOutputTail.Entry(kind, text))
        // Cleaned of controls when drawn (a few times a second), not for every line.
        if !text.allSatisfy(\.isWhitespace) { step.latest = kind == .command ? "$ " + text : text }
        running[id] = step
    }

    /// The result line, and the step's output under it unless it is quiet.
    private mutating func finish(_ record: StepRecord) -> String {
        let step = running.removeValue(forKey: record.id)
        if step != nil { order.removeAll { $0 == record.id } }
        let line = StepResultLine.text(record, count: finished.finish(record.id), total: finished.total, style: settings.style)
        guard let tail = step?.tail, !(settings.quiet && Self.quietStates.contains(record.state)) else { return line }
        var lines = [line]
        if tail.dropped > 0 { lines.append(Self.indent + settings.style.dim(omission(tail.dropped, stepID: record.id))) }
        for entry in tail.entries { lines.append(Self.indent + shown(entry)) }
        return lines.joined(separator: "\n")
    }

    /// The states whose output `--quiet` hides.
    private static let quietStates: Set<StepState> = [.succeeded, .skipped]

    private func omission(_ count: Int, stepID: String) -> String {
        let where_ = "logs/\(StepFileName.of(stepID)).log"
        return "… \(count) earlier line\(count == 1 ? "" : "s") in \(where_)" + (settings.runID.map { " (bosun show \($0) --logs)" } ?? "")
    }

    private func shown(_ entry: StepOutputTail.Entry) -> String {
        let style = settings.style
        switch entry.kind {
        case .command: return style.dim("$ " + entry.text)
        case .info: return style.dim(entry.text)
        case .note: return style.warning(entry.text)
        case .output: return entry.text
        }
    }
}
