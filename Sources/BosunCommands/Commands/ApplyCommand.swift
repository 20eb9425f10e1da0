import ArgumentParser

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
            Exit status: 0 success, 1 a step failed, 2 invalid plan or usage, 3 a release failed and was \
            rolled back, 4 a rollback failed, 130 interrupted.
            """)

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @OptionGroup var state: StateOptions
    @OptionGroup var source: SourceOptions
    @OptionGroup var settings: RunSettings
    @OptionGroup var selection: StepSelection
    @OptionGroup var resume: ResumeOptions

    func run() async throws {
        let sourcing = PlanSourcing(
            session: PlanSession(options: planOptions, console: Console()), environment: environment.environment,
            request: source.request)
        var launcher = RunLauncher(sourcing: sourcing, settings: settings, stateDir: state.directory(forPlan: planOptions.plan))
        launcher.selection = selection.chosen
        launcher.resume = resume.request
        try await launcher.run()
    }
}
