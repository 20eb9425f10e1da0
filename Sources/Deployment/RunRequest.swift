import BosunBasics
import Execution
import PlanModel

/// How a run runs its steps (`apply`, and `rollback`, which applies an earlier release).
public struct RunOptions: Sendable {
    public var concurrency = ExecutionOptions.defaultConcurrency
    public var keepGoing = false
    /// Seconds a stopped command gets between SIGTERM and SIGKILL.
    public var gracePeriod: Double = 5
    /// Take the environment's cluster lock even when another run holds it (journaled).
    public var forceUnlock = false
    /// Answers `approve:` steps (a terminal, `--yes`, or a refusal without a terminal).
    public var approval: any ApprovalGate = DenyNonInteractive()

    public init() {}
}

/// The steps a run runs: `targets` and what they need, or `only` those; every step when both are empty.
public struct ChosenSteps: Sendable {
    public var targets: [String] = []
    public var only: [String] = []

    public init(targets: [String] = [], only: [String] = []) {
        self.targets = targets
        self.only = only
    }

    /// The option a step id was given with, for messages.
    public var optionName: String { only.isEmpty ? "--target" : "--only" }
}

/// `apply --resume RUN [--rerun-interrupted]`.
public struct ResumeRequest: Sendable {
    /// A run id, or `last`.
    public var run: String
    public var rerunInterrupted: Bool

    public init(run: String, rerunInterrupted: Bool = false) {
        self.run = run
        self.rerunInterrupted = rerunInterrupted
    }
}

/// One `apply`: which plan from where, into which state folder, how, and what for.
public struct ApplyRequest: Sendable {
    public var source: PlanSource
    public var stateDirectory: String
    public var options = RunOptions()
    public var selection = ChosenSteps()
    public var resume: ResumeRequest?
    /// Run nothing: drive the executor with ``DryRunRunner`` (every command reported as "would
    /// run"), with no journal, no lock and no state folder.
    public var dryRun = false
    /// Turns the compiled plan into the one to run (`rollback --service` runs a plan of its own).
    public var derive: (@Sendable (CompiledPlan) throws(DeploymentError) -> CompiledPlan)?
    /// Warnings about the plan to run, shown before it runs (a rollback's secrets that changed).
    public var inspect: (@Sendable (CompiledPlan) -> [String])?
    /// The run whose release this one restores (`bosun rollback --env`), for the journal.
    public var restores: String?
    /// The deployment of an operator's service rollback, for the journal.
    public var service: String?
    /// The command line, for the journal (secrets masked there).
    public var invocation: [String] = CommandLine.arguments
    /// Runs the steps' commands; nil: real processes (``SubprocessRunner``), or the dry-run runner.
    public var runner: (any CommandRunner)?

    public init(source: PlanSource, stateDirectory: String) {
        self.source = source
        self.stateDirectory = stateDirectory
    }
}

/// What a caller shows while a run is prepared and runs.
public protocol ApplyListener: Sendable {
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
public struct ApplyResult: Sendable {
    public var runID: String
    /// Masked.
    public var report: RunReport
    /// The run's journal folder (nil for a dry run).
    public var journal: String?
    /// Why the journal is incomplete, when it is: `show` and `--resume` cannot trust it.
    public var journalFailure: String?
    public var plan: CompiledPlan

    /// The process's exit status for this result.
    public var exitStatus: Int32 {
        journalFailure != nil && report.exitCode == 0 ? ExitStatus.failure.rawValue : report.exitCode
    }
}
