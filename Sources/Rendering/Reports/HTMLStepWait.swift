import BosunBasics

/// What held a step back before it started, in words: the need it waited for last and how long
/// from the run's start, then how long it was ready but queued (the concurrency limit, its pool, a lock).
enum HTMLStepWait {
    /// Queues shorter than this are the scheduler's own bookkeeping, not worth a word.
    static let noticeableQueue = 0.05

    static func describe(_ step: RunTimeline.Step) -> String {
        guard let ready = step.readyAfter else { return "never ready: a step it needs did not succeed" }
        var text = step.waitedOn.map { "waited on \($0) for \(StepDuration.text(ready)) (the last of its needs to finish)" }
            ?? (ready > 0 ? "ready after \(StepDuration.text(ready))" : "ready at the run's start")
        if let queued = step.queued, queued >= noticeableQueue { text += ", then queued \(StepDuration.text(queued))" }
        return text
    }
}
