import ArgumentParser
import BosunBasics
import Deployment
import Execution

/// How `apply` (and `rollback`, which applies an earlier revision) runs steps. Which steps, and
/// resuming, are `apply`'s alone (``StepSelection``, ``ResumeOptions``): a rollback runs the
/// whole plan of the release it restores.
struct RunSettings: ParsableArguments {
    @Option(help: "Most steps running at once (default: cores, at least 4).")
    var concurrency: Int = ExecutionOptions.defaultConcurrency

    @Flag(help: "On a failure, finish every branch that does not depend on the failed step.")
    var keepGoing = false

    @Flag(help: "Approve every `approve:` step without asking (for CI).")
    var yes = false

    @Option(help: ArgumentHelp(
        "Without a terminal: how long an `approve:` step waits for `bosun approve` from another machine before it fails (e.g. 30m; default: no limit).",
        valueName: "duration"))
    var approvalTimeout: String?

    @Option(help: ArgumentHelp("Seconds a stopped command gets between SIGTERM and SIGKILL.", valueName: "seconds"))
    var gracePeriod: Double = 5

    @Flag(help: "Show the output of failed (rolled back, timed out, cancelled) steps only; a step that succeeds shows its result line.")
    var quiet = false

    static let maxConcurrency = 10_000
    static let maxGracePeriod: Double = 3600

    func validate() throws {
        guard (1...Self.maxConcurrency).contains(concurrency) else {
            throw ValidationError("--concurrency must be between 1 and \(Self.maxConcurrency), got \(concurrency)")
        }
        // Bounded so that it converts to a clock deadline without overflow (1e20 crashed Ctrl-C).
        if let approvalTimeout, approvalSeconds == nil {
            throw ValidationError("--approval-timeout takes a duration from 1s to 168h such as 90s, 30m or 2h, got '\(approvalTimeout)'")
        }
        guard gracePeriod.isFinite, (0...Self.maxGracePeriod).contains(gracePeriod) else {
            throw ValidationError("--grace-period must be between 0 and \(Int(Self.maxGracePeriod)) seconds, got \(gracePeriod)")
        }
        // The URL may hold a token: the message names the problem, never the URL.
        for url in notify { if let problem = WebhookURL.problem(url) { throw ValidationError("--notify takes an http or https URL: \(problem)") } }
    }

    @Flag(help: "Take the environment's cluster lock even if another run holds it (recorded in the journal).")
    var forceUnlock = false

    @Option(help: ArgumentHelp("A webhook told when the run starts and ends, as JSON (repeatable; docs/notifications.md).", valueName: "url"))
    var notify: [String] = []

    /// The options of a run.
    var runOptions: RunOptions {
        var options = RunOptions()
        options.concurrency = concurrency
        options.keepGoing = keepGoing
        options.gracePeriod = gracePeriod
        options.forceUnlock = forceUnlock
        options.approval = approvalGate
        options.approvalTimeout = approvalSeconds
        options.notify = notify
        return options
    }

    private var approvalSeconds: Double? {
        approvalTimeout.flatMap(DurationSyntax.seconds(from:)).flatMap { (1...7 * 24 * 3600).contains($0) ? $0 : nil }
    }

    var approvalGate: any ApprovalGate {
        if yes { return AutoApprove() }
        return TerminalApproval.isAvailable() ? TerminalApproval() : DenyNonInteractive()
    }
}
