import ArgumentParser
import PlanCompiler

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a plan for every environment without running anything.",
        discussion: """
            Reports every error of the plan at once, each with file:line:column: unknown keys, steps \
            with zero or two actions, duplicate ids, unknown needs, environments or providers, bad \
            durations, unknown ${variables}, missing paths and dependency cycles.
            Exit status: 0 valid, 2 invalid.
            """)

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var state: StateOptions

    func run() throws {
        let console = Console()
        let session = PlanSession(options: planOptions, console: console)
        let (document, catalog) = try session.load()
        do {
            let plans = try PlanCompiler.validateAll(
                document, providers: catalog, processEnvironment: session.processEnvironment, runDirectory: state.dryRunDirectory)
            let summary = plans.map { "\($0.environment) (\($0.realSteps.count) steps)" }.joined(separator: ", ")
            console.line("\(planOptions.plan): valid — \(summary)")
        } catch {
            throw session.report(error)
        }
    }
}
