import ArgumentParser
import Deployment
import Rendering

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the plan's DAG as Graphviz DOT or Mermaid.",
        discussion: "Pipe DOT into `dot -Tsvg`; paste Mermaid into a Markdown file. Phases are drawn as clusters.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case dot, mermaid }

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @OptionGroup var state: StateOptions
    @Option(help: "Output format: dot or mermaid.") var format: Format = .dot

    func run() throws {
        let console = Console()
        let plan = try planOptions.reader.compile(environment: environment.environment, runDirectory: state.dryRunDirectory(forPlan: planOptions.plan))
        if !plan.warnings.isEmpty { console.diagnostics(plan.warnings) }
        console.output(format == .dot ? GraphRenderer.dot(plan.redacted()) : GraphRenderer.mermaid(plan.redacted()))
    }
}
