import PlanModel

/// What each step needs, for people: its direct dependencies among *real* steps, looking through
/// phase barriers. Through a barrier that stands for many steps (a parallel phase of 5,000), the
/// phase is named instead (`phase databases`), so that output stays linear in the size of the plan,
/// just as the barriers keep the DAG linear. The DAG itself keeps its barriers.
package struct StepDependencies: Sendable {
    /// Step ids and `phase <name>` entries, per node.
    package let direct: [[String]]

    /// Barriers standing for more steps than this are shown as their phase.
    static let expansionLimit = 8

    package init(_ plan: CompiledPlan) {
        var memo: [Int: [Int]?] = [:]
        /// The real steps behind a barrier, or nil when there are too many to list.
        func realSteps(behind barrier: Int) -> [Int]? {
            if let known = memo[barrier] { return known }
            var result: [Int] = []
            var seen = Set<Int>()
            var overflow = false
            for dependency in plan.graph.dependencies[barrier] {
                let expanded = plan.steps[dependency].isBarrier ? realSteps(behind: dependency) : [dependency]
                guard let expanded else { overflow = true; break }
                for item in expanded where seen.insert(item).inserted { result.append(item) }
                if result.count > Self.expansionLimit { overflow = true; break }
            }
            memo[barrier] = overflow ? .some(nil) : .some(result)
            return overflow ? nil : result
        }
        /// How one dependency is shown: a step id; the steps behind a small barrier; "phase X" for
        /// the end of a big phase; and what a phase's start waits for, for its start.
        func shown(_ dependency: Int) -> [String] {
            let step = plan.steps[dependency]
            guard step.isBarrier else { return [step.id] }
            if let steps = realSteps(behind: dependency) { return steps.map { plan.steps[$0].id } }
            if step.id.hasSuffix(":end") { return ["phase \(step.phase)"] }
            return plan.graph.dependencies[dependency].flatMap(shown)
        }
        var direct = Array(repeating: [String](), count: plan.steps.count)
        // Topological order, so that a barrier's entry is ready before a step behind it asks.
        for node in plan.levels.indices.sorted(by: { plan.levels[$0] < plan.levels[$1] }) where !plan.steps[node].isBarrier {
            var names: [String] = []
            var seen = Set<String>()
            for dependency in plan.graph.dependencies[node] {
                for name in shown(dependency) where seen.insert(name).inserted { names.append(name) }
            }
            direct[node] = names
        }
        self.direct = direct
    }
}
