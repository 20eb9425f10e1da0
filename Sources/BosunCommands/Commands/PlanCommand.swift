import ArgumentParser
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
        let sourcing = PlanSourcing(
            session: PlanSession(options: planOptions, console: console), environment: environment.environment,
            request: source.request)
        let scratch = FileManager.default.temporaryDirectory.appending(path: "bosun-plan-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let (policy, written) = try sourcing.policyAndDocument()
        let checkout = try sourcing.checkout(workspace: scratch, policy: policy, dryRun: true)
        let runFolder = state.dryRunDirectory(forPlan: planOptions.plan)
        var plan = try sourcing.compile(checkout, runDirectory: runFolder, reusing: written)
        // Shown where `bosun apply` will put the revision's files, not where the dry run read them.
        if checkout.workspace != nil { plan = plan.relocated(from: scratch, to: runFolder + "/workspace") }
        let runSource = PlanSourcing.source(of: checkout, plan: plan)
        switch format {
        case .text: console.output(PlanTextRenderer.render(plan.redacted(), source: runSource, style: console.style))
        case .json: console.output(PlanJSONRenderer.render(plan.redacted(), source: runSource))
        }
    }
}
