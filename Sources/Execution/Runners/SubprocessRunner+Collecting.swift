import PlanModel
import Synchronization

extension SubprocessRunner {
    /// Runs one command outside a plan run (doctor checks, the cluster lock) and gathers every
    /// line it prints. Cancellation ends it like any step, reported as a failure.
    public func runCollecting(
        _ command: StepCommand, workingDirectory: String, stepID: String
    ) async -> (outcome: CommandOutcome, lines: [String]) {
        let lines = Mutex<[String]>([])
        let context = CommandContext(stepID: stepID, workingDirectory: workingDirectory) { line in
            lines.withLock { $0.append(line.text) }
        }
        let outcome = (try? await run(command, in: context)) ?? .failure("was stopped")
        return (outcome, lines.withLock { $0 })
    }
}
