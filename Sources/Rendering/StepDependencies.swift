import PlanModel

/// Each step's direct dependencies among *real* steps, looking through phase barriers.
/// Used by every view that shows "needs" to people; the DAG itself keeps its barriers.
public struct StepDependencies: Sendable {
    public let direct: [[Int]]

    public init(_ plan: CompiledPlan) {
        var memo: [Int: [Int]] = [:]
        func realDependencies(of node: Int) -> [Int] {
            var result: [Int] = []
            var seen = Set<Int>()
            for dependency in plan.graph.dependencies[node] {
                let expanded = plan.steps[dependency].isBarrier ? barrierDependencies(dependency) : [dependency]
                for item in expanded where seen.insert(item).inserted { result.append(item) }
            }
            return result
        }
        func barrierDependencies(_ barrier: Int) -> [Int] {
            if let known = memo[barrier] { return known }
            let value = realDependencies(of: barrier)
            memo[barrier] = value
            return value
        }
        // Visit in topological order so barrier memo entries are ready before use.
        var direct = Array(repeating: [Int](), count: plan.steps.count)
        for node in plan.levels.indices.sorted(by: { plan.levels[$0] < plan.levels[$1] }) where !plan.steps[node].isBarrier {
            direct[node] = realDependencies(of: node)
        }
        self.direct = direct
    }
}
