import BosunBasics
import Deployment
import Execution
import PlanModel
import Rendering

/// Shows a run on the console as it is prepared and runs (``LiveProgress`` for its events).
struct ConsoleListener: ApplyListener {
    let console: Console
    let progress: any ExecutionObserver

    init(console: Console) {
        self.console = console
        progress = LiveProgress(console: console)
    }

    func warn(_ diagnostics: [Diagnostic]) { console.diagnostics(diagnostics) }

    func notice(_ text: String) { console.progress(console.errorStyle.warning("note: ") + text) }

    func starting(runID: String, source: RunSource, plan: CompiledPlan) {
        console.line(SourceText.describe(source, style: console.style))
    }
}
