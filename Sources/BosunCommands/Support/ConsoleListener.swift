import BosunBasics
import Deployment
import Execution
import PlanModel
import Rendering

/// Shows a run on the console as it is prepared and runs. Its events go to ``GroupedLiveOutput``
/// on a terminal (a status area of running steps; each finished step's output grouped), and to
/// ``LiveProgress``'s plain lines otherwise; with `quiet` and no terminal, to the grouped blocks
/// without a status area (only steps that did not succeed show their output).
struct ConsoleListener: ApplyListener {
    let console: Console
    let progress: any ExecutionObserver
    /// The grouped writer, when the run is shown that way.
    private let grouped: GroupedLiveOutput?
    private let live: Bool

    init(console: Console, quiet: Bool = false) {
        self.console = console
        live = console.style.colored
        grouped = live || quiet ? GroupedLiveOutput(console: console, quiet: quiet, live: live) : nil
        progress = grouped ?? LiveProgress(console: console)
    }

    func warn(_ diagnostics: [Diagnostic]) { aside { console.diagnostics(diagnostics) } }

    func notice(_ text: String) { aside { console.progress(console.errorStyle.warning("note: ") + text) } }

    func starting(runID: String, source: RunSource, plan: CompiledPlan) {
        grouped?.named(runID: runID)
        console.line(SourceText.describe(source, style: console.style))
    }

    /// Prints to standard error (`body`) without drawing over the live status area.
    func aside(_ body: () -> Void) {
        if let grouped, live { grouped.aside(body) } else { body() }
    }

    /// `gate`, made to pause the status area while it asks on the terminal.
    func approvalGate(_ gate: any ApprovalGate) -> any ApprovalGate {
        guard let grouped, live, gate is TerminalApproval else { return gate }
        return LiveAreaPausingApproval(inner: gate, output: grouped)
    }

    /// Leaves no status area behind once the run is over (or failed to get to its end).
    func finish() { grouped?.finish() }
}
