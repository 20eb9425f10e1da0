import Synchronization
@testable import Execution

/// An observer that keeps every event, for assertions after the run.
final class EventRecorder: ExecutionObserver {
    private let events = Mutex<[ExecutionEvent]>([])

    func handle(_ event: ExecutionEvent) {
        events.withLock { $0.append(event) }
    }

    var all: [ExecutionEvent] { events.withLock { $0 } }

    func output(of step: String) -> [OutputLine] {
        all.compactMap { if case .output(let line) = $0, line.stepID == step { line } else { nil } }
    }

    func lines(of step: String, on stream: OutputLine.Stream) -> [String] {
        output(of: step).filter { $0.stream == stream }.map(\.text)
    }

    var startedSteps: [String] {
        all.compactMap { if case .stepStarted(let id, _) = $0 { id } else { nil } }
    }

    var retries: [(id: String, attempt: Int, delay: Double)] {
        all.compactMap { if case .stepRetrying(let id, let attempt, let delay, _) = $0 { (id, attempt, delay) } else { nil } }
    }

    var finishedSteps: [StepRecord] {
        all.compactMap { if case .stepFinished(let record) = $0 { record } else { nil } }
    }
}
