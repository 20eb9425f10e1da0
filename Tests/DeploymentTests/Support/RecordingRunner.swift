import BosunBasics
import Deployment
import Execution
import PlanModel
import Foundation
import Synchronization

/// A runner that starts nothing: it records each command's argv and answers from `script`
/// (keyed by the argv's last word); anything else succeeds. For the rules around a run, which do
/// not depend on what the commands do.
final class RecordingRunner: CommandRunner {
    private let ran = Mutex<[(step: String, argv: [String])]>([])
    private let failing: Set<String>

    init(failing: Set<String> = []) { self.failing = failing }

    var commands: [(step: String, argv: [String])] { ran.withLock { $0 } }
    var steps: [String] { commands.map(\.step) }

    private let lease = Mutex<String?>(nil)

    func run(_ command: StepCommand, in context: CommandContext) async throws -> CommandOutcome {
        let argv = command.argv ?? [command.displayText]
        ran.withLock { $0.append((context.stepID, argv)) }
        if failing.contains(context.stepID) { return .failure("exited with status 1", exitStatus: 1) }
        answerForLease(command)
        return .success(exitStatus: 0)
    }

    /// As an API server that grants the lock: the Lease created is the one `get lease` returns.
    private func answerForLease(_ command: StepCommand) {
        guard case .exec(let exec) = command, exec.argv.first == "kubectl" else { return }
        if exec.argv.contains("create"), let manifest = exec.stdin, manifest.contains("\"Lease\"") {
            lease.withLock { $0 = manifest }
        } else if exec.argv.contains("delete"), exec.argv.contains("lease") {
            lease.withLock { $0 = nil }
        } else if exec.argv.contains("get"), exec.argv.contains("lease"), let file = exec.stdoutFile {
            FileManager.default.createFile(atPath: file, contents: Data((lease.withLock { $0 } ?? "").utf8))
        }
    }
}

/// Keeps what a run said, for assertions.
final class RecordingListener: ApplyListener {
    let progress: any ExecutionObserver = SilentObserver()
    private let said = Mutex<[String]>([])

    var notices: [String] { said.withLock { $0 } }

    func warn(_ diagnostics: [Diagnostic]) { said.withLock { $0 += diagnostics.map(\.message) } }
    func notice(_ text: String) { said.withLock { $0.append(text) } }
    func starting(runID: String, source: RunSource, plan: CompiledPlan) {}
}

struct SilentObserver: ExecutionObserver {
    func handle(_ event: ExecutionEvent) {}
}
