import BosunBasics
import PlanModel

/// The settings of a step that `bosun diff` compares beside its commands, as people read them.
enum StepSettings {
    /// The settings that differ; `old` is node `oldIndex` of `oldPlan`, `new` node `newIndex` of `newPlan`.
    static func changes(old oldIndex: Int, in oldPlan: CompiledPlan, new newIndex: Int, in newPlan: CompiledPlan) -> [SettingChange] {
        let before = values(of: oldIndex, in: oldPlan), after = values(of: newIndex, in: newPlan)
        return zip(before, after).compactMap { old, new in
            old.value == new.value ? nil : SettingChange(name: old.name, old: old.value, new: new.value)
        }
    }

    private static func values(of index: Int, in plan: CompiledPlan) -> [(name: String, value: String?)] {
        let step = plan.steps[index]
        return [
            ("kind", step.kind.rawValue), ("phase", step.phase), ("needs", needs(of: index, in: plan)),
            ("timeout", step.timeout.map { DurationSyntax.format(seconds: $0) }), ("retries", String(step.retries)),
            ("pool", step.pool), ("idempotent", String(step.idempotent)),
        ]
    }

    /// The step's direct dependencies in the DAG.
    private static func needs(of index: Int, in plan: CompiledPlan) -> String? {
        let names = plan.graph.dependencies[index].map { name(of: plan.steps[$0]) }.sorted()
        return names.isEmpty ? nil : names.joined(separator: ", ")
    }

    /// A barrier (`phase:<name>:start|end`) is shown as the phase it joins.
    private static func name(of step: CompiledStep) -> String {
        guard step.isBarrier else { return step.id }
        return step.id.hasSuffix(":end") ? "phase \(step.phase)" : "start of phase \(step.phase)"
    }
}
