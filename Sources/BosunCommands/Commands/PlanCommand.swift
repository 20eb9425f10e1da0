import ArgumentParser
import Deployment
import Execution
import Foundation
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
    @OptionGroup var source: SourceOptions
    @Option(help: "Output format: text or json.") var format: Format = .text

    func run() throws {
        let console = Console()
        let preview = try Deployment.preview(PreviewRequest(
            source: PlanSource(reader: planOptions.reader, environment: environment.environment, request: source.request),
            stateDirectory: state.directory(forPlan: planOptions.plan)))
        if let warning = preview.warning { console.progress(console.errorStyle.warning("warning: ") + warning) }
        if !preview.plan.warnings.isEmpty { console.diagnostics(preview.plan.warnings) }
        switch format {
        case .text: console.output(PlanTextRenderer.render(preview.plan.shown().redacted(), source: preview.source, style: console.style))
        case .json: console.output(PlanJSONRenderer.render(preview.plan.shown().redacted(), source: preview.source))
        }
    }
}
