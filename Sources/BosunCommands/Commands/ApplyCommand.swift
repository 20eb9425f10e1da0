import ArgumentParser
import Deployment
import Execution

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Run a plan on an environment.",
        discussion: """
            Steps start as soon as what they need has succeeded, at most --concurrency at a time. \
            On a failure the running steps are stopped (SIGTERM, then SIGKILL) unless --keep-going. \
            Ctrl-C stops the run the same way. Every run is journaled under <state-dir>/runs/<id>/.
            The plan comes from --rev, else the environment's pin (bosun pin), else the working tree; \
            protected environments never run from the working tree.
            With --dry-run the run goes through the same scheduling with every command reported as \
            "would run" and nothing started, journaled or locked.
            \(ExitStatus.helpLine)
            """)

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @OptionGroup var state: StateOptions
    @OptionGroup var source: SourceOptions
    @OptionGroup var settings: RunSettings
    @OptionGroup var reporting: ReportOptions
    @OptionGroup var selection: StepSelection
    @OptionGroup var resume: ResumeOptions
    @Flag(help: "Run nothing: show each command as it would run, in the order and concurrency of a real run.")
    var dryRun = false

    func validate() throws {
        if dryRun && resume.resume != nil { throw ValidationError("--dry-run does not go with --resume") }
        if dryRun && !reporting.reports.isEmpty { throw ValidationError("--report needs a real run: a dry run journals nothing to report") }
    }

    func run() async throws {
        var request = ApplyRequest(
            source: PlanSource(reader: planOptions.reader, environment: environment.environment, request: source.request),
            stateDirectory: state.directory(forPlan: planOptions.plan))
        request.options = settings.runOptions
        request.selection = selection.chosen
        request.resume = resume.request
        request.dryRun = dryRun
        try await RunCommandLine.apply(request, console: Console(), quiet: settings.quiet, reports: reporting.reports)
    }
}
