import BosunBasics
import Execution
import Foundation
import PlanModel

/// One finished (or interrupted) run told step by step, for the reports people and CI read
/// (JUnit, annotations, the HTML report): each step with its phase, where it is written, how it
/// ended, its log, what it waited on, and the chain of steps that decided how long the run took.
///
/// Built from the journal alone (`run.json`, `plan.json`, `logs/`), all of it masked when
/// written, so a report can be rendered on any machine that has the journal.
package struct RunTimeline: Sendable {
    package var metadata: RunMetadata
    /// The plan's real steps (no barriers) in an order where every step comes after what it needs.
    package var steps: [Step]
    /// The phases in the order they run, each with its steps' indices in ``steps``.
    package var phases: [Phase]
    /// Ids of the steps whose chain of waits decided when the run ended, first to last: the run's
    /// actual critical path (empty when no step ran).
    package var criticalPath: [String]
    /// The plan's variables, secrets masked (as the journal keeps them).
    package var variables: [String: String]
    /// The plan file as the run was given it.
    package var planFile: String

    package struct Phase: Sendable, Hashable {
        package var name: String
        package var steps: [Int]
    }

    package struct Step: Sendable, Hashable {
        package var id: String
        package var kind: StepKind
        package var phase: String
        package var summary: String
        package var location: SourceLocation
        /// How the step ended; a step the journal has no record of reads as skipped.
        package var record: StepRecord
        /// The steps it needs directly.
        package var needs: [String]
        /// The phases it waits for whole, through the phase barriers (`phases:` order, `needs:` of
        /// a phase): the phase before it, for a step of any phase but the first.
        package var needsPhases: [String]
        /// The step whose end it waited for last, when it waited for one.
        package var waitedOn: String?
        /// Seconds from the run's start until everything it needs had finished.
        package var readyAfter: Double?
        /// Seconds it was ready but not started (the concurrency limit, its pool, a lock).
        package var queued: Double?
        /// Seconds from the run's start to its start, and to its end.
        package var startOffset: Double?
        package var endOffset: Double?
        /// Its log (commands and output), masked; nil when it printed nothing and ran nothing.
        package var log: String?
        package var onCriticalPath: Bool
    }

    /// How many steps ended each way: the counts of a JUnit report and of the HTML header.
    package var counts: (total: Int, failed: Int, errors: Int, skipped: Int) {
        var failed = 0, errors = 0, skipped = 0
        for step in steps {
            switch Verdict(step.record.state) {
            case .failure: failed += 1
            case .error: errors += 1
            case .skipped: skipped += 1
            case .passed: break
            }
        }
        return (steps.count, failed, errors, skipped)
    }

    /// What a report makes of a step's state: passed, failed (it ran and failed), an error (it
    /// was stopped or never finished: the run was interrupted or failed elsewhere), or skipped.
    package enum Verdict: Sendable {
        case passed, failure, error, skipped

        package init(_ state: StepState) {
            switch state {
            case .succeeded: self = .passed
            case .failed, .timedOut, .rolledBack, .rollbackFailed: self = .failure
            case .cancelled, .running, .pending: self = .error
            case .skipped: self = .skipped
            }
        }
    }
}

extension RunTimeline {
    /// The timeline of `plan` as run: `records` from `run.json`, `logs` by step id.
    package init(metadata: RunMetadata, records: [StepRecord], plan: CompiledPlan, logs: [String: String]) {
        self.metadata = metadata
        variables = plan.variables
        planFile = plan.planFile
        let start = metadata.startedAt
        let recordByID = Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        let order = plan.steps.indices.sorted { (plan.levels[$0], $0) < (plan.levels[$1], $1) }
        let finishes = Self.finishes(plan: plan, order: order, records: recordByID, start: start)
        let needs = Self.needs(plan: plan, order: order)

        var steps: [Step] = []
        var phaseOrder: [String] = []
        var phaseSteps: [String: [Int]] = [:]
        for node in order where !plan.steps[node].isBarrier {
            let compiled = plan.steps[node]
            let record = recordByID[compiled.id]
                ?? StepRecord(id: compiled.id, kind: compiled.kind, state: .skipped, message: "not started")
            let ready = finishes.readyAt[node]
            var step = Step(
                id: compiled.id, kind: compiled.kind, phase: compiled.phase, summary: compiled.summary,
                location: compiled.location, record: record, needs: needs.steps[node], needsPhases: needs.phases[node],
                waitedOn: finishes.blocker[node].map { plan.steps[$0].id },
                readyAfter: ready.map { max(0, $0.timeIntervalSince(start)) },
                queued: nil, startOffset: record.startedAt.map { max(0, $0.timeIntervalSince(start)) },
                endOffset: record.finishedAt.map { max(0, $0.timeIntervalSince(start)) },
                log: logs[compiled.id], onCriticalPath: false)
            if let started = record.startedAt, let ready { step.queued = max(0, started.timeIntervalSince(ready)) }
            if phaseSteps[compiled.phase] == nil { phaseOrder.append(compiled.phase) }
            phaseSteps[compiled.phase, default: []].append(steps.count)
            steps.append(step)
        }
        let path = Self.criticalPath(steps: steps)
        for index in steps.indices where path.contains(steps[index].id) { steps[index].onCriticalPath = true }
        self.steps = steps
        phases = phaseOrder.map { Phase(name: $0, steps: phaseSteps[$0] ?? []) }
        criticalPath = path
    }

    /// When each node's needs had all finished, and the real step that finished last among them.
    /// A barrier finishes when its needs have; a step that did not succeed never made anything ready.
    private static func finishes(plan: CompiledPlan, order: [Int], records: [String: StepRecord], start: Date)
        -> (readyAt: [Date?], blocker: [Int?]) {
        let count = plan.steps.count
        var readyAt = [Date?](repeating: nil, count: count)
        var blocker = [Int?](repeating: nil, count: count)
        // For a barrier: when it finished and which real step that was down to.
        var endAt = [Date?](repeating: nil, count: count)
        var endBlocker = [Int?](repeating: nil, count: count)
        for node in order {
            var latest: Date? = start
            var latestStep: Int?
            for dependency in plan.graph.dependencies[node] {
                let (end, step) = plan.steps[dependency].isBarrier
                    ? (endAt[dependency], endBlocker[dependency])
                    : (records[plan.steps[dependency].id].flatMap { $0.state == .succeeded ? $0.finishedAt : nil }, dependency)
                guard let end, let current = latest else { latest = nil; break }
                if end > current || (end == current && latestStep == nil && step != nil) {
                    latest = end
                    latestStep = step
                }
            }
            readyAt[node] = latest
            blocker[node] = latestStep
            if plan.steps[node].isBarrier {
                endAt[node] = latest
                endBlocker[node] = latestStep
            }
        }
        return (readyAt, blocker)
    }

    /// What each node needs: the real steps it names directly, and the phases it waits for whole
    /// through their barriers (every step of a phase needs its start barrier, which needs the end
    /// of the phase before). Phases, not their steps: a 400-step phase after a 400-step phase
    /// would otherwise list 160,000 needs.
    private static func needs(plan: CompiledPlan, order: [Int]) -> (steps: [[String]], phases: [[String]]) {
        var steps = [[String]](repeating: [], count: plan.steps.count)
        var phases = [[String]](repeating: [], count: plan.steps.count)
        for node in order {
            var direct: [String] = []
            var whole: [String] = []
            for dependency in plan.graph.dependencies[node] {
                let needed = plan.steps[dependency]
                guard needed.isBarrier else {
                    direct.append(needed.id)
                    continue
                }
                // An end barrier closes its phase; a start barrier stands for what it waits for.
                whole += needed.id.hasSuffix(":end") ? [needed.phase] : phases[dependency]
            }
            steps[node] = direct.sorted()
            phases[node] = whole.count > 1 ? Array(Set(whole)).sorted() : whole
        }
        return (steps, phases)
    }

    /// From the step that ended last, back through what each waited on.
    private static func criticalPath(steps: [Step]) -> [String] {
        let byID = Dictionary(steps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        guard var current = steps.filter({ $0.endOffset != nil }).max(by: { ($0.endOffset ?? 0) < ($1.endOffset ?? 0) }) else {
            return []
        }
        var path = [current.id]
        while let previous = current.waitedOn.flatMap({ byID[$0] }), !path.contains(previous.id) {
            path.append(previous.id)
            current = previous
        }
        return path.reversed()
    }
}

extension RunTimeline {
    /// The timeline of run `runID` in `store`: its records, plan and logs.
    package static func load(_ runID: String, from store: RunStore) throws(RunStoreError) -> RunTimeline {
        let (metadata, records) = try store.load(runID)
        let plan = try store.plan(runID: runID)
        let logs = store.logs(runID: runID, steps: plan.realSteps.map(\.id))
        return RunTimeline(metadata: metadata, records: records, plan: plan, logs: logs)
    }
}
