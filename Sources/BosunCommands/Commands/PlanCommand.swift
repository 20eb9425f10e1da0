import ArgumentParser
import Rendering

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show exactly what a run would do (dry run): steps by level with their commands.",
        discussion: """
            Runs nothing. The commands shown are the exact argv arrays `bosun apply` runs, with the \
            run folder written as <run>. Use --format json in CI for a machine-readable document.
            Exit status: 0, or 2 when the plan is invalid.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @OptionGroup var state: StateOptions
    @Option(help: "Output format: text or json.") var format: Format = .text

    func run() throws {
        let console = Console()
        let session = PlanSession(options: planOptions, console: console)
        let plan = try session.compile(environment: environment.environment, runDirectory: state.dryRunDirectory)
        switch format {
        case .text: console.output(PlanTextRenderer.render(plan, style: console.style))
        case .json: console.output(PlanJSONRenderer.render(plan))
        }
    }
}
