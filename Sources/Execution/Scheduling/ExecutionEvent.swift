import Foundation

/// Something that happened during a run, in the order it happened. Consoles, journals and tests
/// are all observers of the same stream.
package enum ExecutionEvent: Sendable {
    case runStarted(planName: String, stepCount: Int, startedAt: Date)
    /// An attempt of a step began (`attempt` counts from 1).
    case stepStarted(id: String, attempt: Int)
    case commandStarted(id: String, displayText: String)
    /// A command's process started (the leader of its own process group).
    case processStarted(id: String, StartedProcess)
    case output(OutputLine)
    /// An attempt failed and another follows after `delay` seconds; `attempt` is the next one.
    case stepRetrying(id: String, attempt: Int, delay: Double, reason: String)
    case rollbackStarted(id: String)
    /// A step looked at a deployment (before, after, or when it failed): the release record.
    case deploymentObserved(id: String, DeploymentObservation)
    /// A step reached its final state (including steps skipped without starting).
    case stepFinished(StepRecord)
    case runFinished(RunReport)
}

/// Receives the events of a run. Called from many tasks at once, so implementations must be
/// thread-safe and quick (queue slow work rather than block a step).
package protocol ExecutionObserver: Sendable {
    func handle(_ event: ExecutionEvent)

    /// Awaited after `stepStarted` and before the step's first command: returns once the events
    /// handed over so far are safely kept (the journal: on disk), so that a run killed at any
    /// moment never ran a step its journal does not know of. Throws ``RecordingFailure`` when they
    /// cannot be kept: the step must not start, and the run stops.
    func waitUntilRecorded() async throws(RecordingFailure)
}

extension ExecutionObserver {
    package func waitUntilRecorded() async throws(RecordingFailure) {}
}

/// The journal cannot be written (disk full, no file descriptors left, …): what and why.
package struct RecordingFailure: Error, Sendable, CustomStringConvertible {
    package let description: String

    package init(_ description: String) {
        self.description = description
    }
}

/// Sends every event to several observers, in order (for example the console and the journal).
package struct ObserverGroup: ExecutionObserver {
    var observers: [any ExecutionObserver]

    package init(_ observers: [any ExecutionObserver]) {
        self.observers = observers
    }

    package func handle(_ event: ExecutionEvent) {
        for observer in observers { observer.handle(event) }
    }

    package func waitUntilRecorded() async throws(RecordingFailure) {
        for observer in observers { try await observer.waitUntilRecorded() }
    }
}
