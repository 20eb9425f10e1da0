import ArgumentParser
import Deployment
import Execution
import Foundation
import Rendering

struct RunsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runs",
        abstract: "List past runs, newest first.",
        discussion: """
            Reads the journals in <state-dir>/runs/. With --env and --plan naming a plan file \
            (e.g. plans/shop.yaml), the run records in that environment's cluster are read too, \
            as `bosun history` does: runs from other machines are listed. `bosun show RUN` prints \
            one run in full.
            """)

    @OptionGroup var state: StateOptions

    @Option(help: "Only runs of this plan: its name (as in `plan:`), or its file (with --env: the cluster's records too).")
    var plan: String?
    @Option(name: .customLong("env"), help: "Only runs on this environment.") var environment: String?
    @Option(help: "At most this many runs.") var limit: Int?
    @Flag(help: "Print JSON (an array of runs) instead of a table.") var json = false
    @Flag(help: "Read only this machine's journal, not the cluster's records.") var local = false

    func run() async throws {
        let console = Console()
        let store = RunStore(stateDir: state.resolvedStateDirectory)
        let (all, unreadable) = store.scan()
        var runs: [RunSummary]
        if let planFile = plan, Self.isPlanFile(planFile), let environment {
            let source = PlanSource(reader: PlanReader(plan: planFile), environment: environment)
            let history = try await RunCommandLine.interruptible { control in
                try await Deployment.history(source, stateDirectory: state.directory(forPlan: planFile), localOnly: local, control: control)
            }
            if let problem = history.clusterProblem {
                console.clusterRecordsUnread(problem, so: "only this machine's runs are listed")
            }
            runs = history.runs
        } else {
            let name = plan.map { Self.isPlanFile($0) ? (try? PlanSource(reader: PlanReader(plan: $0), environment: "").policyAndName().planName) ?? $0 : $0 }
            runs = all.filter { run in
                (name == nil || run.planName == name) && (environment == nil || run.environment == environment)
            }
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

    /// `--plan` names a file (a path to YAML) rather than a plan's name.
    private static func isPlanFile(_ text: String) -> Bool {
        (text.hasSuffix(".yaml") || text.hasSuffix(".yml")) && FileManager.default.fileExists(atPath: text)
    }
}
