import PlanModel

/// The one seam between scheduling and running, like ninja's `CommandRunner`: the executor hands
/// each command of a step to a runner and learns only whether it succeeded.
///
/// Real execution (``SubprocessRunner``), dry runs (``DryRunRunner``) and test doubles are all
/// implementations of this protocol, so the scheduler never knows which one it drives.
///
/// A runner must return promptly when its task is cancelled, having stopped any child process it
/// started: cancellation is how the executor fails fast, enforces timeouts and handles Ctrl-C.
package protocol CommandRunner: Sendable {
    /// Runs one command of a step. A command that runs and fails is a `CommandOutcome` with
    /// `succeeded == false`, not a thrown error; throwing is for cancellation and for failures
    /// of the runner itself.
    func run(_ command: StepCommand, in context: CommandContext) async throws -> CommandOutcome
}

/// What a runner needs to know about the step a command belongs to.
package struct CommandContext: Sendable {
    package var stepID: String
    /// Folder the command runs in (the plan's folder).
    package var workingDirectory: String
    /// Seconds a cancelled command may take to stop after SIGTERM before it is killed.
    package var gracePeriod: Double
    /// Receives every line the command prints, and the runner's own notes (`.info`).
    package var output: @Sendable (OutputLine) -> Void
    /// Told of every child process started, for the journal.
    package var processStarted: @Sendable (StartedProcess) -> Void
    /// The run's control of a second interruption, which kills its children at once.
    var undoControl: UndoControl?

    package init(
        stepID: String, workingDirectory: String, gracePeriod: Double = 5,
        processStarted: @escaping @Sendable (StartedProcess) -> Void = { _ in },
        output: @escaping @Sendable (OutputLine) -> Void
    ) {
        self.stepID = stepID
        self.workingDirectory = workingDirectory
        self.gracePeriod = gracePeriod
        self.processStarted = processStarted
        self.output = output
    }

    /// Sends one line, tagged with this step's id.
    package func emit(_ text: String, on stream: OutputLine.Stream = .info, continues: Bool = false) {
        output(OutputLine(stepID: stepID, stream: stream, text: text, continues: continues))
    }
}

/// One line of output from a step, tagged with where it came from.
package struct OutputLine: Sendable, Hashable, Codable {
    /// `info` lines come from Bosun itself (dry-run notes, failed health-check attempts).
    package enum Stream: String, Sendable, Hashable, Codable { case stdout, stderr, info }

    package var stepID: String
    package var stream: Stream
    package var text: String
    /// A piece of a line too long to pass whole (16 KiB): the line goes on in the next piece of
    /// the same step and stream.
    package var continues: Bool

    package init(stepID: String, stream: Stream, text: String, continues: Bool = false) {
        self.stepID = stepID
        self.stream = stream
        self.text = text
        self.continues = continues
    }
}

/// How one command ended.
package struct CommandOutcome: Sendable, Hashable {
    package var succeeded: Bool
    /// The process's exit status, when a process ran and exited.
    package var exitStatus: Int32?
    /// Why it failed, for people: "exited with status 3", "HTTP 503 after 5 attempts".
    package var message: String?
    /// The trimmed standard output, for commands with `captureAs`.
    package var captured: String?

    package init(succeeded: Bool, exitStatus: Int32? = nil, message: String? = nil, captured: String? = nil) {
        self.succeeded = succeeded
        self.exitStatus = exitStatus
        self.message = message
        self.captured = captured
    }

    package static func success(exitStatus: Int32? = nil, message: String? = nil, captured: String? = nil) -> CommandOutcome {
        CommandOutcome(succeeded: true, exitStatus: exitStatus, message: message, captured: captured)
    }

    package static func failure(_ message: String, exitStatus: Int32? = nil) -> CommandOutcome {
        CommandOutcome(succeeded: false, exitStatus: exitStatus, message: message)
    }
}
