import Foundation
import PlanModel

/// Runs a compiled plan: starts each step once its dependencies have succeeded, at most
/// `concurrency` at a time, one at a time per pool, and reports every step's fate.
///
/// All work happens in one task group bound to the caller's task: cancelling that task (Ctrl-C)
/// cancels the running steps, whose runners stop their processes, and `run()` returns an
/// `interrupted` report. The executor never knows whether its runner is real, dry or scripted.
package struct Executor: Sendable {
    package let plan: CompiledPlan
    private let runner: any CommandRunner
    private let options: ExecutionOptions
    private let observer: any ExecutionObserver

    package init(plan: CompiledPlan, runner: any CommandRunner, options: ExecutionOptions, observer: any ExecutionObserver) {
        self.plan = plan
        self.runner = runner
        self.options = options
        self.observer = observer
    }

    /// Runs on the process reactor's thread (``ProcessReactor/taskExecutor``): scheduling, the
    /// journal and each step's commands take turns there with the children's events, so that a
    /// step's end and the next step's start pass between no threads.
    package func run() async -> RunReport {
        await withTaskExecutorPreference(ProcessReactor.shared.taskExecutor) { await schedule() }
    }

    private func schedule() async -> RunReport {
        let ledger = ReleaseLedger()
        var progress = RunProgress(
            schedule: Schedule(plan: plan, targets: options.targets, concurrency: options.concurrency,
                               alreadySucceeded: options.alreadySucceeded, onlyTargets: options.onlyTargets))
        observer.handle(.runStarted(planName: plan.planName, stepCount: progress.nodes.count, startedAt: progress.startedAt))

        await withTaskGroup(of: (Int, StepRun.Result).self) { group in
            while true {
                progress.noticeInterruption()
                publishCarriedOver(&progress)
                while progress.stop == nil, let node = progress.schedule.nextToStart() {
                    let step = stepRun(node, ledger: ledger)
                    group.addTask { (node, await step.run()) }
                }
                guard let (node, result) = await group.next() else { break }
                progress.noticeInterruption()
                if complete(node, result, &progress) { group.cancelAll() }
            }
        }
        progress.noticeInterruption()
        if let stop = progress.stop, !options.keepGoing || stop.isUnrecorded { await restoreRelease(after: stop, &progress, ledger: ledger) }
        return finish(&progress, releases: ledger.releases)
    }

    /// A run that stopped on a failure (or an interruption) leaves the release that was live: the
    /// steps that succeeded in changing a deployment are undone too, newest first, so that no
    /// deployment keeps this run's release beside others back at the old one. (With
    /// `--keep-going` what succeeded stays.)
    ///
    /// Each such undo returns its deployments to the revision they had before the run, so one
    /// undo per deployment does it: when an `apply` and a `rollout` both changed a deployment, the
    /// rollout's undo brings it back, and the apply's is not run again (`rollout undo` renumbers
    /// the revision it returns to, so a second one would ask for a revision that is gone).
    private func restoreRelease(after stop: RunProgress.Stop, _ progress: inout RunProgress, ledger: ReleaseLedger) async {
        let changed = Set(ledger.releases.filter { $0.changed }.map(\.deployment))
        let done = progress.records.filter { $0.value.state == .succeeded && $0.value.startedAt != nil }
            .sorted { ($0.value.finishedAt ?? .distantPast) > ($1.value.finishedAt ?? .distantPast) }
        /// Deployments an undo of this restore brought back to their revision before the run, and which step's.
        var restoredBy: [DeploymentRef: String] = [:]
        for (node, record) in done {
            let step = plan.steps[node]
            let touched = step.intent.deployments.filter(changed.contains)
            guard step.changesFrom != nil, !step.onFailure.isEmpty, !touched.isEmpty else { continue }
            let run = stepRun(node, ledger: ledger)
            let outcome: AttemptOutcome
            if touched.allSatisfy({ restoredBy[$0] != nil }), let by = restoredBy[touched[0]] {
                outcome = run.restored(because: stop.why, by: by)
            } else {
                outcome = await run.restore(because: stop.why)
                if outcome.state == .rolledBack { for deployment in touched { restoredBy[deployment] = step.id } }
            }
            var restored = record
            restored.state = outcome.state
            restored.message = outcome.message
            publish(restored, at: node, in: &progress)
        }
    }

    /// Records a finished step and applies the failure policy; true when the run must stop now.
    private func complete(_ node: Int, _ result: StepRun.Result, _ progress: inout RunProgress) -> Bool {
        progress.schedule.finish(node, as: result.state)
        var record = makeRecord(node, result)
        if record.state == .cancelled { record.message = progress.stop?.cancelledMessage ?? "cancelled" }
        publish(record, at: node, in: &progress)
        guard result.state.isFailure else { return false }
        if let failure = result.unrecorded {
            // Even with --keep-going: a run must not go on where nothing records what it does.
            guard !progress.stopsForGood else { return false }
            progress.stop = .unrecorded(failure.description)
            return true
        }
        if options.keepGoing {
            for skipped in progress.schedule.skipDependents(of: node) {
                publish(skippedRecord(skipped, "dependency \(record.id) failed"), at: skipped, in: &progress)
            }
            return false
        }
        guard progress.stop == nil else { return false }
        progress.stop = .failed(record.id)
        return true
    }

    /// Skips what never started and builds the report, once no step is running any more.
    private func finish(_ progress: inout RunProgress, releases: [DeploymentRelease]) -> RunReport {
        progress.noticeInterruption()
        let reason = progress.stop?.skippedMessage ?? "not started"
        for node in progress.schedule.skipUnstarted() {
            publish(skippedRecord(node, reason), at: node, in: &progress)
        }
        let records = progress.nodes.compactMap { progress.records[$0] }
        let outcome: RunStatus = if case .interrupted = progress.stop { .interrupted }
            else if records.allSatisfy({ $0.state == .succeeded }) { .succeeded }
            else { .failed }
        var report = RunReport(records: records, outcome: outcome, startedAt: progress.startedAt, finishedAt: Date())
        report.deployments = releases
        observer.handle(.runFinished(report))
        return report
    }

    /// Records the steps of the resumed run that had already succeeded, as they come due.
    private func publishCarriedOver(_ progress: inout RunProgress) {
        let message = "succeeded in run \(options.resumedFrom ?? "resumed")"
        for node in progress.schedule.takeCarriedOver() {
            let step = plan.steps[node]
            publish(StepRecord(id: step.id, kind: step.kind, state: .succeeded, message: message), at: node, in: &progress)
        }
    }

    private func stepRun(_ node: Int, ledger: ReleaseLedger) -> StepRun {
        let step = plan.steps[node]
        let observer = observer
        var context = CommandContext(
            stepID: step.id, workingDirectory: plan.workingDirectory, gracePeriod: options.gracePeriod,
            processStarted: { observer.handle(.processStarted(id: step.id, $0)) }) { observer.handle(.output($0)) }
        context.undoControl = options.undoControl
        return StepRun(step: step, folders: plan.folders, runner: runner, observer: observer, context: context, options: options, ledger: ledger)
    }

    private func publish(_ record: StepRecord, at node: Int, in progress: inout RunProgress) {
        progress.records[node] = record
        observer.handle(.stepFinished(record))
    }

    private func makeRecord(_ node: Int, _ result: StepRun.Result) -> StepRecord {
        let step = plan.steps[node]
        return StepRecord(
            id: step.id, kind: step.kind, state: result.state, attempts: result.attempts,
            exitStatus: result.exitStatus, startedAt: result.startedAt, finishedAt: result.finishedAt,
            duration: result.finishedAt.timeIntervalSince(result.startedAt), message: result.message)
    }

    private func skippedRecord(_ node: Int, _ reason: String) -> StepRecord {
        StepRecord(id: plan.steps[node].id, kind: plan.steps[node].kind, state: .skipped, message: reason)
    }
}

/// The mutable state of one `run()`, owned by the task that schedules (never shared with steps).
private struct RunProgress {
    /// Why a run stopped starting steps.
    enum Stop {
        case failed(String)
        case interrupted
        /// The journal could not be written (the reason).
        case unrecorded(String)

        var why: String {
            switch self {
            case .failed(let id): "\(id) failed"
            case .interrupted: "the run was interrupted"
            case .unrecorded: "the journal cannot be written"
            }
        }

        var cancelledMessage: String {
            switch self {
            case .failed(let id): "cancelled: \(id) failed"
            case .interrupted: "cancelled: run interrupted"
            case .unrecorded: "cancelled: the journal cannot be written"
            }
        }

        var skippedMessage: String {
            switch self {
            case .failed(let id): "not started: \(id) failed"
            case .interrupted: "not started: run interrupted"
            case .unrecorded: "not started: the journal cannot be written"
            }
        }

        var isUnrecorded: Bool {
            if case .unrecorded = self { true } else { false }
        }
    }

    var schedule: Schedule
    let nodes: [Int]
    let startedAt = Date()
    var records: [Int: StepRecord] = [:]
    var stop: Stop?

    init(schedule: Schedule) {
        self.schedule = schedule
        self.nodes = schedule.realNodes
    }

    /// A stop no later one replaces: an interruption, or a journal that cannot be written.
    var stopsForGood: Bool {
        switch stop {
        case .interrupted?, .unrecorded?: true
        case .failed?, nil: false
        }
    }

    /// Cancellation of the calling task (Ctrl-C) overrides a failure as the reason to stop.
    mutating func noticeInterruption() {
        if Task.isCancelled, !(stop?.isUnrecorded ?? false) { stop = .interrupted }
    }
}
