import BosunBasics
import Execution
import PlanModel

/// How a run runs its steps (`apply`, and `rollback`, which applies an earlier release).
package struct RunOptions: Sendable {
    package var concurrency = ExecutionOptions.defaultConcurrency
    package var keepGoing = false
    /// Seconds a stopped command gets between SIGTERM and SIGKILL.
    package var gracePeriod: Double = 5
    /// Take the environment's cluster lock even when another run holds it (journaled).
    package var forceUnlock = false
    /// Answers `approve:` steps (a terminal, `--yes`, or a refusal without a terminal).
    package var approval: any ApprovalGate = DenyNonInteractive()
    /// Seconds an `approve:` step waits for `bosun approve` from another machine (nil: no limit).
    package var approvalTimeout: Double?
    /// Webhooks told when the run starts and ends (`--notify`), besides the plan's `notify:`.
    package var notify: [String] = []

    package init() {}
}

/// The steps a run runs: `targets` and what they need, or `only` those; every step when both are empty.
package struct ChosenSteps: Sendable {
    package var targets: [String] = []
    package var only: [String] = []

    package init(targets: [String] = [], only: [String] = []) {
        self.targets = targets
        self.only = only
    }

    /// The option a step id was given with, for messages.
    var optionName: String { only.isEmpty ? "--target" : "--only" }

    /// Refuses the ids of `options.targets` that are not steps of `plan`, each with a did-you-mean
    /// or else `listing`, the command that lists the step ids (apply, its dry run, the preview).
    func refuseUnknown(_ options: ExecutionOptions, in plan: CompiledPlan, source: PlanSource, listing: String) throws(DeploymentError) {
        let unknown = options.unknownTargets(in: plan)
        guard !unknown.isEmpty else { return }
        let ids = plan.realSteps.map(\.id)
        throw source.reader.invalid(DiagnosticError(diagnostics: unknown.map { target in
            .error("\(optionName) '\(target)' is not a step of \(plan.planName) on \(plan.environment)", at: .file(source.planPath),
                   hint: Suggestion.didYouMean(target, among: ids) ?? "\(listing) lists the step ids")
        }))
    }
}

/// `apply --resume RUN [--rerun-interrupted]`.
package struct ResumeRequest: Sendable {
    /// A run id, or `last`.
    package var run: String
    package var rerunInterrupted: Bool

    package init(run: String, rerunInterrupted: Bool = false) {
        self.run = run
        self.rerunInterrupted = rerunInterrupted
    }
}

/// One `apply`: which plan from where, into which state folder, how, and what for.
package struct ApplyRequest: Sendable {
    package var source: PlanSource
    package var stateDirectory: String
    package var options = RunOptions()
    package var selection = ChosenSteps()
    package var resume: ResumeRequest?
    /// Run nothing: drive the executor with ``DryRunRunner`` (every command reported as "would
    /// run"), with no journal, no lock and no state folder.
    package var dryRun = false
    /// Turns the compiled plan into the one to run (`rollback --service` runs a plan of its own).
    package var derive: (@Sendable (CompiledPlan) throws(DeploymentError) -> CompiledPlan)?
    /// Warnings about the plan to run, shown before it runs (a rollback's secrets that changed).
    package var inspect: (@Sendable (CompiledPlan) -> [String])?
    /// The run whose release this one restores (`bosun rollback --env`), for the journal.
    package var restores: String?
    /// The deployment of an operator's service rollback, for the journal.
    package var service: String?
    /// The command line, for the journal (secrets masked there).
    package var invocation: [String] = CommandLine.arguments
    /// Runs the steps' commands; nil: real processes (``SubprocessRunner``), or the dry-run runner.
    package var runner: (any CommandRunner)?

    package init(source: PlanSource, stateDirectory: String) {
        self.source = source
        self.stateDirectory = stateDirectory
    }
}

/// What a caller shows while a run is prepared and runs.
package protocol ApplyListener: Sendable {
    /// The plan's warnings (naming the user's files), before anything runs.
    func warn(_ diagnostics: [Diagnostic])
    /// Something the user should know that does not stop the run (a resumed chain, a secret changed).
    func notice(_ text: String)
    /// The run is about to start its first step: its id and where its plan came from.
    func starting(runID: String, source: RunSource, plan: CompiledPlan)
    /// Receives every event of the run as it happens (the journal gets them too), masked.
    var progress: any ExecutionObserver { get }
}

/// How an `apply` ended, once it ran.
package struct ApplyResult: Sendable {
    package var runID: String
    /// Masked.
    package var report: RunReport
    /// The run's journal folder (nil for a dry run).
    package var journal: String?
    /// Why the journal is incomplete, when it is: `show` and `--resume` cannot trust it.
    package var journalFailure: String?
    package var plan: CompiledPlan
    /// How the journal's upload to the plan's `state.s3` went (nil: none asked for, or a dry
    /// run); masked. It never changes ``exitStatus``.
    package var journalUpload: JournalUploadOutcome? = nil
    /// One line per notification a webhook did not get (docs/notifications.md); masked. They
    /// never change ``exitStatus``.
    package var notificationWarnings: [String] = []
    /// Posts the run's end to its webhooks, once the run has ended (nil: none, or done).
    var notifier: RunNotifier? = nil

    /// The process's exit status for this result.
    package var exitStatus: Int32 {
        journalFailure != nil && report.exitCode == 0 ? ExitStatus.failure.rawValue : report.exitCode
    }
}
