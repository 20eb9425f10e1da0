import ArgumentParser
import BosunBasics
import Deployment
import Rendering

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print the plan's DAG as Graphviz DOT, Mermaid, or SVG.",
        discussion: """
            Phases are drawn as clusters. Paste Mermaid into a Markdown file. SVG is DOT drawn by \
            Graphviz's `dot -Tsvg`, which must be on PATH (Debian: apt-get install graphviz).
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case dot, mermaid, svg }

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @OptionGroup var state: StateOptions
    @Option(help: "Output format: dot, mermaid, or svg (needs Graphviz's `dot` on PATH).") var format: Format = .dot

    func run() throws {
        let console = Console()
        let plan = try planOptions.reader.compile(environment: environment.environment, runDirectory: state.dryRunDirectory(forPlan: planOptions.plan))
        if !plan.warnings.isEmpty { console.diagnostics(plan.warnings) }
        let redacted = plan.redacted()
        switch format {
        case .dot: console.output(GraphRenderer.dot(redacted))
        case .mermaid: console.output(GraphRenderer.mermaid(redacted))
        case .svg: console.output(try GraphvizDot.onPath(ProcessEnvironment.value("PATH")).render(GraphRenderer.dot(redacted), format: "svg"))
        }
    }
}
