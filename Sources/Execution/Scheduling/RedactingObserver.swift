import BosunBasics

/// Masks secret values in every event before the console or the journal sees it: commands as
/// displayed, output lines, retry reasons and step messages.
public struct RedactingObserver: ExecutionObserver {
    private let inner: any ExecutionObserver
    private let redactor: Redactor

    public init(_ inner: any ExecutionObserver, redactor: Redactor) {
        self.inner = inner
        self.redactor = redactor
    }

    public func handle(_ event: ExecutionEvent) {
        guard !redactor.isEmpty else { return inner.handle(event) }
        inner.handle(redacted(event))
    }

    public func waitUntilRecorded() async throws(RecordingFailure) {
        try await inner.waitUntilRecorded()
    }

    private func redacted(_ event: ExecutionEvent) -> ExecutionEvent {
        switch event {
        case .commandStarted(let id, let displayText):
            return .commandStarted(id: id, displayText: redactor.redact(displayText))
        case .output(var line):
            line.text = redactor.redact(line.text)
            return .output(line)
        case .stepRetrying(let id, let attempt, let delay, let reason):
            return .stepRetrying(id: id, attempt: attempt, delay: delay, reason: redactor.redact(reason))
        case .stepFinished(let record):
            return .stepFinished(redactor.redact(record))
        case .runFinished(let report):
            return .runFinished(redactor.redact(report))
        case .runStarted, .stepStarted, .processStarted, .rollbackStarted, .deploymentObserved:
            return event
        }
    }
}

extension Redactor {
    public func redact(_ record: StepRecord) -> StepRecord {
        var record = record
        record.message = record.message.map(redact)
        return record
    }

    public func redact(_ report: RunReport) -> RunReport {
        var report = report
        report.records = report.records.map(redact)
        return report
    }
}
