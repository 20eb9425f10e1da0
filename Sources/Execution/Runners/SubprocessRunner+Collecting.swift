import PlanModel
import Synchronization

extension CommandRunner {
    /// Runs one command outside a plan run (doctor checks, the cluster lock) and gathers every
    /// line it prints. Cancellation ends it like any step, reported as a failure.
    package func runCollecting(
        _ command: StepCommand, workingDirectory: String, stepID: String
    ) async -> (outcome: CommandOutcome, lines: [String]) {
        // The pieces of a cut line are joined again, so that a secret across the cut is masked
        // by whoever shows these lines.
        let collected = Mutex<(lines: [String], open: [OutputLine.Stream: Int])>(([], [:]))
        let context = CommandContext(stepID: stepID, workingDirectory: workingDirectory) { line in
            collected.withLock { collected in
                let index = collected.open.removeValue(forKey: line.stream)
                if let index { collected.lines[index] += line.text } else { collected.lines.append(line.text) }
                if line.continues { collected.open[line.stream] = index ?? collected.lines.count - 1 }
            }
        }
        let outcome = (try? await run(command, in: context)) ?? .failure("was stopped")
        return (outcome, collected.withLock { $0.lines })
    }
}
