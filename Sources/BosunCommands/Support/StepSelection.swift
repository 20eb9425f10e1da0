import ArgumentParser
import Deployment

/// `apply --target` / `--only`: which steps a run runs (every one when both are empty).
struct StepSelection: ParsableArguments {
    @Option(name: .customLong("target"), help: ArgumentHelp("Run only this step and what it needs (repeatable).", valueName: "step"))
    var targets: [String] = []

    @Option(name: .customLong("only"), help: ArgumentHelp(
        "Run only this step, not what it needs (repeatable): its dependencies must already be in place.", valueName: "step"))
    var only: [String] = []

    func validate() throws {
        guard targets.isEmpty || only.isEmpty else { throw ValidationError("use --target or --only, not both") }
    }

    /// What a run is given (ArgumentParser's types cannot be made outside parsing).
    var chosen: ChosenSteps { ChosenSteps(targets: targets, only: only) }
}

/// `apply --resume`: continue an earlier run.
struct ResumeOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Continue a failed or killed run (its id, or `last` for the newest run of this plan on this environment): steps that succeeded in it are not run again.",
        valueName: "run"))
    var resume: String?

    @Flag(help: "With --resume: re-run the steps that were running when the run stopped, even if not idempotent.")
    var rerunInterrupted = false

    func validate() throws {
        if rerunInterrupted && resume == nil { throw ValidationError("--rerun-interrupted goes with --resume RUN") }
    }

    var request: ResumeRequest? { resume.map { ResumeRequest(run: $0, rerunInterrupted: rerunInterrupted) } }
}
