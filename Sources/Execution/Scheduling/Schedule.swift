import DequeModule
import PlanGraph
import PlanModel

/// The scheduler's bookkeeping, free of concurrency: which steps take part, how many unfinished
/// dependencies each still has, which are ready, which pools are busy. Like ninja's `Plan`, it
/// is incremental: finishing a step touches only its dependents, never the whole graph.
struct Schedule {
    private let steps: [CompiledStep]
    private let graph: DependencyGraph
    /// Who waits for whom: the DAG's edges, or, for steps chosen to run alone, edges between
    /// chosen steps wherever the DAG orders them (directly or through steps left out).
    private let dependents: [[Int]]
    private let concurrency: Int
    /// Nodes taken into this run: all of them, or the targets and what they need.
    private let wanted: [Bool]
    private(set) var states: [StepState]
    private var remaining: [Int]
    private var ready = Deque<Int>()
    /// A pool runs one step at a time; ready steps of a busy pool wait here, in order.
    private var poolQueues: [String: Deque<Int>] = [:]
    private var busyPools: Set<String> = []
    private(set) var running = 0
    /// Steps that succeeded in the run being resumed: they complete without running.
    private let carried: [Bool]
    /// Carried-over real steps completed since the last ``takeCarriedOver()``.
    private var carriedOver: [Int] = []

    /// With `onlyTargets`, the targets run without what they need (assumed done already).
    init(plan: CompiledPlan, targets: [String], concurrency: Int, alreadySucceeded: Set<String> = [], onlyTargets: Bool = false) {
        steps = plan.steps
        graph = plan.graph
        self.concurrency = max(1, concurrency)
        if targets.isEmpty {
            wanted = Array(repeating: true, count: plan.steps.count)
        } else if onlyTargets {
            let chosen = Set(targets.compactMap(plan.index(of:)))
            wanted = plan.steps.indices.map(chosen.contains)
        } else {
            let closure = TopologicalOrder.closure(of: targets.compactMap(plan.index(of:)), in: plan.graph)
            wanted = plan.steps.indices.map(closure.contains)
        }
        carried = plan.steps.map { alreadySucceeded.contains($0.id) }
        states = Array(repeating: .pending, count: plan.steps.count)
        // A closure holds every dependency of its members, so counting all edges is exact.
        if onlyTargets {
            let ordering = Self.orderAmongChosen(wanted, in: plan.graph)
            dependents = ordering.dependents
            remaining = ordering.remaining
        } else {
            dependents = plan.graph.dependents
            remaining = plan.graph.dependencies.map(\.count)
        }
        let roots = plan.steps.indices.filter { wanted[$0] && remaining[$0] == 0 }
        for root in roots { makeReady(root) }
    }

    /// The carried-over steps that completed since the last call, for the executor to record.
    mutating func takeCarriedOver() -> [Int] {
        defer { carriedOver.removeAll() }
        return carriedOver
    }

    /// Real (non-barrier) steps of the run, in node order.
    var realNodes: [Int] { steps.indices.filter { wanted[$0] && !steps[$0].isBarrier } }

    /// The next step that may start now, marked running; nil when the slots are full or
    /// nothing is ready.
    mutating func nextToStart() -> Int? {
        while running < concurrency, let node = ready.popFirst() {
            if let pool = steps[node].pool, !busyPools.insert(pool).inserted {
                poolQueues[pool, default: []].append(node)
                continue
            }
            states[node] = .running
            running += 1
            return node
        }
        return nil
    }

    /// Records how a started step ended, frees its slot and pool, and on success lets its
    /// dependents become ready.
    mutating func finish(_ node: Int, as state: StepState) {
        states[node] = state
        running -= 1
        if let pool = steps[node].pool {
            busyPools.remove(pool)
            // The pool's next step goes first: it has already waited its turn once.
            if let waiting = poolQueues[pool]?.popFirst() { ready.prepend(waiting) }
        }
        guard state == .succeeded else { return }
        for next in dependents[node] where wanted[next] { release(next) }
    }

    /// Marks every pending step that needs `node`, directly or through others, as skipped, and
    /// returns the real ones among them.
    mutating func skipDependents(of node: Int) -> [Int] {
        var skipped: [Int] = []
        var pending = graph.dependents[node]
        while let next = pending.popLast() {
            guard wanted[next], states[next] == .pending else { continue }
            states[next] = .skipped
            if !steps[next].isBarrier { skipped.append(next) }
            pending.append(contentsOf: graph.dependents[next])
        }
        return skipped.sorted()
    }

    /// Marks every step that never started as skipped (the run is stopping), returning the real ones.
    mutating func skipUnstarted() -> [Int] {
        var skipped: [Int] = []
        for node in steps.indices where wanted[node] && states[node] == .pending {
            states[node] = .skipped
            if !steps[node].isBarrier { skipped.append(node) }
        }
        return skipped
    }

    /// For each chosen step, the nearest chosen steps it depends on, looking through the steps
    /// that were left out: a release chosen with its connect step still waits for the connect.
    private static func orderAmongChosen(_ chosen: [Bool], in graph: DependencyGraph) -> (dependents: [[Int]], remaining: [Int]) {
        var dependents = Array(repeating: [Int](), count: chosen.count)
        var remaining = Array(repeating: 0, count: chosen.count)
        for node in chosen.indices where chosen[node] {
            var seen = Set<Int>()
            var pending = graph.dependencies[node]
            while let dependency = pending.popLast() {
                guard seen.insert(dependency).inserted else { continue }
                if chosen[dependency] {
                    dependents[dependency].append(node)
                    remaining[node] += 1
                } else {
                    pending.append(contentsOf: graph.dependencies[dependency])
                }
            }
        }
        return (dependents, remaining)
    }

    /// One dependency of `node` has finished.
    private mutating func release(_ node: Int) {
        remaining[node] -= 1
        if remaining[node] == 0 && states[node] == .pending { makeReady(node) }
    }

    /// Queues a step whose dependencies are all done. Barriers (and steps carried over from the
    /// resumed run) complete right here, without a slot, and pass readiness on to their dependents.
    private mutating func makeReady(_ node: Int) {
        var barriers = Deque<Int>()
        var current: Int? = node
        while let candidate = current {
            if steps[candidate].isBarrier || carried[candidate] {
                states[candidate] = .succeeded
                if carried[candidate] && !steps[candidate].isBarrier { carriedOver.append(candidate) }
                for next in dependents[candidate] where wanted[next] {
                    remaining[next] -= 1
                    if remaining[next] == 0 && states[next] == .pending { barriers.append(next) }
                }
            } else {
                ready.append(candidate)
            }
            current = barriers.popFirst()
        }
    }
}
