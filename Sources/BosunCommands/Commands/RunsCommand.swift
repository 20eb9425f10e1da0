import ArgumentParser
import Execution
import Foundation
import Rendering

struct RunsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List past runs, newest first.",
        discussion: "Reads the journals in <state-dir>/runs/. `bosun show RUN` prints one in full.")

    @OptionGroup var state: StateOptions

    @Option(help: "Only runs of this plan (its name, as in `plan:`).") var plan: String?
    @Option(name: .customLong("env"), help: "Only runs on this environment.") var environment: String?
    @Option(help: "At most this many runs.") var limit: Int?
    @Flag(help: "Print JSON (an array of runs) instead of a table.") var json = false

    func run() throws {
        let console = Console()
        let store = RunStore(stateDir: state.resolvedStateDirectory)
        let (all, unreadable) = store.scan()
        var runs = all.filter { run in
            (plan == nil || run.planName == plan) && (environment == nil || run.environment == environment)
        }
        if let limit { runs = Array(runs.prefix(max(0, limit))) }
        if json {
            console.output(RunSummary.json(runs) + "\n")
        } else if runs.isEmpty {
            console.progress("no runs in \(store.runsDirectory)")
        } else {
            console.output(RunListRenderer.render(runs, style: console.style))
        }
        // A journal that cannot be read is shown as such, never just left out.
        for problem in unreadable {
            console.progress(console.errorStyle.warning("warning: ") + "\(problem.description); not listed")
        }
    }
}
