import BosunBasics
import Synchronization

/// Masks secret values in every event before the console or the journal sees it: commands as
/// displayed, output lines, retry reasons and step messages. It is the one place output is
/// masked, cut lines included (``CutLineRedaction``).
package struct RedactingObserver: ExecutionObserver {
    private let inner: any ExecutionObserver
    private let redactor: Redactor
    private let cutLines = CutLines()

    package init(_ inner: any ExecutionObserver, redactor: Redactor) {
        self.inner = inner
        self.redactor = redactor
    }

    package func handle(_ event: ExecutionEvent) {
        guard !redactor.isEmpty else { return inner.handle(event) }
        switch event {
        case .output(let line):
            if let shown = cutLines.state.withLock({ $0.redact(line, by: redactor) }) { inner.handle(.output(shown)) }
        case .stepFinished(let record):
            for line in cutLines.state.withLock({ $0.flush(stepID: record.id) }) { inner.handle(.output(line)) }
            inner.handle(redacted(event))
        case .runFinished:
            for line in cutLines.state.withLock({ $0.flush(stepID: nil) }) { inner.handle(.output(line)) }
            inner.handle(redacted(event))
        default:
            inner.handle(redacted(event))
        }
    }

    package func waitUntilRecorded() async throws(RecordingFailure) {
        try await inner.waitUntilRecorded()
    }

    private func redacted(_ event: ExecutionEvent) -> ExecutionEvent {
        switch event {
        case .commandStarted(let id, let displayText):
            return .commandStarted(id: id, displayText: redactor.redact(displayText))
        case .stepRetrying(let id, let attempt, let delay, let reason):
            return .stepRetrying(id: id, attempt: attempt, delay: delay, reason: redactor.redact(reason))
        case .stepFinished(let record):
            return .stepFinished(redactor.redact(record))
        case .runFinished(let report):
            return .runFinished(redactor.redact(report))
        case .runStarted, .stepStarted, .processStarted, .rollbackStarted, .deploymentObserved:
            return event
        case .output:
            return event  // masked by `handle`, together with the pieces of its line
        }
    }
}

/// The held-back ends of cut lines, shared by the copies of the observer (a class: the observer
/// is a struct, called from every running step at once).
private final class CutLines: Sendable {
    let state = Mutex(CutLineRedaction())
}

extension Redactor {
    package func redact(_ record: StepRecord) -> StepRecord {
        var record = record
        record.message = record.message.map(redact)
        return record
    }

    package func redact(_ report: RunReport) -> RunReport {
        var report = report
        report.records = report.records.map(redact)
        return report
    }
}
