import BosunBasics
import Execution
import Foundation
import Rendering
import Synchronization

/// Prints a run as it happens: each step's start and end with a running count, every command it
/// runs, and its output prefixed with the step id so that parallel steps stay readable.
/// Marks and colours on a terminal; plain words otherwise (logs, CI, NO_COLOR). What a run shows
/// when it is not on a terminal (on one: ``GroupedLiveOutput``).
final class LiveProgress: ExecutionObserver {
    private let console: Console
    /// Steps finished so far, and how many the run has (as the executor announces it).
    private let counts = Mutex(FinishedSteps())

    init(console: Console) {
        self.console = console
    }

    private var style: TerminalStyle { console.style }

    func handle(_ event: ExecutionEvent) {
        switch event {
        case .runStarted(let planName, let stepCount, _):
            counts.withLock { $0.total = stepCount }
            console.line(style.bold("Running \(planName): \(stepCount) steps"))
        case .stepStarted(let id, let attempt):
            let verb = attempt == 1 ? "start" : "attempt \(attempt)"
            console.line(mark("▶", plain: "-->") + " " + style.stepID(id) + " " + style.dim(verb))
        case .commandStarted(let id, let displayText):
            console.line(prefix(id) + style.dim("$ " + displayText))
        case .output(let line):
            let text = line.stream == .info ? style.dim(line.text) : line.text
            console.line(prefix(line.stepID) + text)
        case .stepRetrying(let id, let attempt, let delay, let reason):
            console.line(prefix(id) + style.warning("\(reason); attempt \(attempt) in \(StepDuration.text(delay))"))
        case .rollbackStarted(let id):
            console.line(prefix(id) + style.warning("rolling back"))
        case .deploymentObserved:
            break  // the step's own output says what it saw
        case .processStarted:
            break  // for the journal: the command line was shown
        case .stepFinished(let record):
            finishedLine(record).map(console.line)
        case .runFinished:
            break
        }
    }

    private func finishedLine(_ record: StepRecord) -> String? {
        // A step undone after it succeeded (the run failed later) finishes a second time.
        let (count, total) = counts.withLock { counts in (counts.finish(record.id), counts.total) }
        return StepResultLine.text(record, count: count, total: total, style: style)
    }

    private func prefix(_ id: String) -> String { style.stepID("[\(id)]") + " " }

    private func mark(_ glyph: String, plain: String) -> String { style.colored ? glyph : plain }
}
