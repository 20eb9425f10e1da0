import Foundation
import PlanModel
import Synchronization
import Testing
@testable import Execution

/// A run's tasks take turns on the process reactor's thread: the scheduler, the observers and
/// every command of every step, as in ninja's one loop (no hand-off between threads per step).
@Suite("the event loop: a run on the process reactor's thread")
struct EventLoopTests {
    /// Notes, for each command and event, whether it came on the reactor's thread.
    final class ThreadWitness: CommandRunner, ExecutionObserver {
        private let seen = Mutex((onLoop: 0, elsewhere: [String]()))

        func run(_ command: StepCommand, in context: CommandContext) async throws -> CommandOutcome {
            note("command of \(context.stepID)")
            try await Task.sleep(for: .milliseconds(2))
            note("command of \(context.stepID), after a sleep")
            return .success(exitStatus: 0)
        }

        func handle(_ event: ExecutionEvent) {
            note("\(event)".prefix(40).description)
        }

        func waitUntilRecorded() async throws(RecordingFailure) {
            note("wait until recorded")
        }

        private func note(_ what: String) {
            let onLoop = ProcessReactor.shared.isLoopThread
            seen.withLock { if onLoop { $0.onLoop += 1 } else { $0.elsewhere.append(what) } }
        }

        var onLoop: Int { seen.withLock { $0.onLoop } }
        var elsewhere: [String] { seen.withLock { $0.elsewhere } }
    }

    @Test("scheduling, events and every step's commands run on the reactor's thread, before and after a sleep")
    func runOnTheLoop() async {
        let witness = ThreadWitness()
        let report = await execute(TestPlan.independent(12), runner: witness, observer: witness, concurrency: 4)
        #expect(report.outcome == .succeeded)
        #expect(witness.elsewhere == [])
        // 12 steps: two notes per command, a start, a finish and a wait per step, and the run's ends.
        #expect(witness.onLoop >= 12 * 5)
    }

    @Test("real child processes: a chain of 30 steps journals every start and end in order")
    func chainOfProcesses() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let plan = TestPlan.make((0..<30).map { index in
            TestStep.exec("link-\(index)", ["true"], needs: index == 0 ? [] : ["link-\(index - 1)"])
        })
        let journal = try RunJournal(stateDir: folder.path, runID: "chain", plan: plan)
        let report = await execute(plan, runner: SubprocessRunner(), observer: journal, concurrency: 4)
        #expect(report.outcome == .succeeded)
        let lines = try String(contentsOfFile: journal.directory + "/events.jsonl", encoding: .utf8).split(separator: "\n")
        let order = lines.compactMap { line -> String? in
            guard let entry = try? JournalEntry(jsonLine: Data(line.utf8)), let step = entry.step else { return nil }
            switch entry.event {
            case .stepStarted: return "start \(step)"
            case .stepFinished: return "end \(step)"
            default: return nil
            }
        }
        #expect(order == (0..<30).flatMap { ["start link-\($0)", "end link-\($0)"] })
    }
}
