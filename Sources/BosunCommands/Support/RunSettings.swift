import ArgumentParser
import Execution

/// How `apply` (and `rollback`, which applies an earlier revision) runs steps.
struct RunSettings: ParsableArguments {
    @Option(help: "Most steps running at once (default: cores, at least 4).")
    var concurrency: Int = ExecutionOptions.defaultConcurrency

    @Flag(help: "On a failure, finish every branch that does not depend on the failed step.")
    var keepGoing = false

    @Option(name: .customLong("target"), help: ArgumentHelp("Run only this step and what it needs (repeatable).", valueName: "step"))
    var targets: [String] = []

    @Option(name: .customLong("only"), help: ArgumentHelp(
        "Run only this step, not what it needs (repeatable): its dependencies must already be in place.", valueName: "step"))
    var only: [String] = []

    @Flag(help: "Approve every `approve:` step without asking (for CI).")
    var yes = false

    @Option(help: ArgumentHelp("Seconds a stopped command gets between SIGTERM and SIGKILL.", valueName: "seconds"))
    var gracePeriod: Double = 5

    static let maxConcurrency = 10_000
    static let maxGracePeriod: Double = 3600

    func validate() throws {
        guard (1...Self.maxConcurrency).contains(concurrency) else {
            throw ValidationError("--concurrency must be between 1 and \(Self.maxConcurrency), got \(concurrency)")
        }
        // Bounded so that it converts to a clock deadline without overflow (1e20 crashed Ctrl-C).
        guard gracePeriod.isFinite, (0...Self.maxGracePeriod).contains(gracePeriod) else {
            throw ValidationError("--grace-period must be between 0 and \(Int(Self.maxGracePeriod)) seconds, got \(gracePeriod)")
        }
        guard targets.isEmpty || only.isEmpty else { throw ValidationError("use --target or --only, not both") }
    }

    @Option(help: ArgumentHelp("Continue a failed or killed run: steps that succeeded in it are not run again.", valueName: "run"))
    var resume: String?

    @Flag(help: "With --resume: re-run the steps that were running when the run stopped, even if not idempotent.")
    var rerunInterrupted = false

    @Flag(help: "Take the environment's cluster lock even if another run holds it (recorded in the journal).")
    var forceUnlock = false

    var executionOptions: ExecutionOptions {
        var options = ExecutionOptions(concurrency: concurrency, keepGoing: keepGoing, targets: targets + only, gracePeriod: gracePeriod)
        options.onlyTargets = !only.isEmpty
        return options
    }

    var approvalGate: any ApprovalGate {
        if yes { return AutoApprove() }
        return TerminalApproval.isAvailable() ? TerminalApproval() : DenyNonInteractive()
    }
}
