import Foundation

/// One line of `events.jsonl`: an event flattened into one JSON object with its time, so the
/// file can be read with `jq` and replayed after a crash (its JSON: JournalEntry+JSON.swift). Output lines are not entries; they go
/// to the step's log file.
struct JournalEntry: Sendable {
    enum Kind: String, Decodable, Sendable {
        case runStarted, stepStarted, commandStarted, processStarted, stepRetrying, rollbackStarted, deploymentObserved, stepFinished, runFinished
    }

    var time: Date
    var event: Kind
    var step: String?
    var attempt: Int?
    var command: String?
    var delay: Double?
    var reason: String?
    var record: StepRecord?
    var plan: String?
    var stepCount: Int?
    var outcome: RunStatus?
    var exitCode: Int32?
    var observation: DeploymentObservation?
    var process: StartedProcess?

    init(event: Kind, time: Date, step: String? = nil) {
        self.event = event
        self.time = time
        self.step = step
    }

    /// The entry for `event`, or nil for output lines.
    init?(_ event: ExecutionEvent, at time: Date) {
        switch event {
        case .runStarted(let plan, let stepCount, let startedAt):
            self.init(event: .runStarted, time: startedAt)
            self.plan = plan
            self.stepCount = stepCount
        case .stepStarted(let id, let attempt):
            self.init(event: .stepStarted, time: time, step: id)
            self.attempt = attempt
        case .commandStarted(let id, let displayText):
            self.init(event: .commandStarted, time: time, step: id)
            command = displayText
        case .processStarted(let id, let process):
            self.init(event: .processStarted, time: time, step: id)
            self.process = process
        case .output:
            return nil
        case .stepRetrying(let id, let attempt, let delay, let reason):
            self.init(event: .stepRetrying, time: time, step: id)
            self.attempt = attempt
            self.delay = delay
            self.reason = reason
        case .rollbackStarted(let id):
            self.init(event: .rollbackStarted, time: time, step: id)
        case .deploymentObserved(let id, let observation):
            self.init(event: .deploymentObserved, time: time, step: id)
            self.observation = observation
        case .stepFinished(let record):
            self.init(event: .stepFinished, time: time, step: record.id)
            self.record = record
        case .runFinished(let report):
            self.init(event: .runFinished, time: report.finishedAt)
            outcome = report.outcome
            exitCode = report.exitCode
        }
    }

    /// The line this entry puts in its step's log (`$ command`, `# attempt 2`, …), or nil. The
    /// journal writes it as the run goes; `bosun show --logs` rebuilds it for a step with no log file.
    var logNote: String? {
        switch event {
        case .stepStarted: (attempt ?? 1) > 1 ? "# attempt \(attempt ?? 1)" : nil
        case .commandStarted: command.map { "$ \($0)" }
        case .stepRetrying: "# \(reason ?? "failed"); retrying in \(delay ?? 0)s"
        case .rollbackStarted: "# rolling back"
        case .runStarted, .processStarted, .stepFinished, .runFinished, .deploymentObserved: nil
        }
    }

    /// Entries the journal fsyncs before going on. A step's start must be on disk before its
    /// command runs, so that no crash hides a step that ran. Its end needs no fsync of its own: it
    /// is written at once (a killed process loses nothing written), and it is on disk before any
    /// step that needed it starts, since that start's fsync covers every line before it. Only an
    /// operating-system crash can lose the end of a step nothing waited for; the step then reads
    /// as interrupted, the safe side for `--resume`. (Measured: 5% of a 2,000-step run.)
    var isMilestone: Bool {
        switch event {
        case .runStarted, .stepStarted, .runFinished: true
        case .stepFinished, .commandStarted, .stepRetrying, .rollbackStarted: false
        // Written at once, not synced: an operating-system crash that loses it ends the process too.
        case .processStarted: false
        // What was live before a step changes it must survive a crash of Bosun: it is what
        // `bosun show` names as the release to return to.
        case .deploymentObserved: true
        }
    }
}
