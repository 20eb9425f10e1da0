import ArgumentParser
import Deployment
import Execution
import Foundation
import Rendering
import Revisions

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "The runs of one environment, newest first, with their commits and outcomes.")

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @OptionGroup var state: StateOptions
    @Flag(help: "Print JSON instead of a table.") var json = false

    func run() throws {
        let console = Console()
        let planName = try PlanSource(reader: planOptions.reader, environment: environment.environment).policyAndName().planName
        let store = RunStore(stateDir: state.directory(forPlan: planOptions.plan))
        let runs = RunHistory.runs(of: planName, environment: environment.environment, in: store)
        if json {
            console.output(RunSummary.json(runs) + "\n")
        } else if runs.isEmpty {
            console.progress("no runs of \(planName) on \(environment.environment) in \(store.runsDirectory)")
        } else {
            console.output(RunListRenderer.render(runs, showCommits: true, style: console.style))
        }
    }
}
