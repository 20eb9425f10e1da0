import ArgumentParser
import Deployment
import Execution
import Foundation
import Rendering
import Revisions

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "The runs of one environment, newest first, with their commits and outcomes.",
        discussion: """
            Reads this machine's journal (the state folder) and, for an environment that keeps \
            records (the default for one with a cluster), the run records in its cluster \
            (namespace bosun-system), connecting as its runs do: runs started from other machines \
            are listed too, with who started them. A cluster that cannot be reached is a warning, \
            and the journal is listed alone; --local reads only the journal.
            """)

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @OptionGroup var state: StateOptions
    @Flag(help: "Print JSON instead of a table.") var json = false
    @Flag(help: "Read only this machine's journal, not the cluster's records.") var local = false

    func run() async throws {
        let console = Console()
        let source = PlanSource(reader: planOptions.reader, environment: environment.environment)
        let history = try await RunCommandLine.interruptible { control in
            try await Deployment.history(source, stateDirectory: state.directory(forPlan: planOptions.plan), localOnly: local, control: control)
        }
        if let problem = history.clusterProblem {
            console.clusterRecordsUnread(problem, so: "only this machine's runs are listed")
        }
        if json {
            console.output(RunSummary.json(history.runs) + "\n")
        } else if history.runs.isEmpty {
            console.progress("no runs of \(history.planName) on \(history.environment) in " + history.sources.joined(separator: " or "))
        } else {
            console.output(RunListRenderer.render(history.runs, showCommits: true, style: console.style))
        }
    }
}
