import BosunBasics
import Execution
import PlanModel

/// The dry run for machines (CI): a stable JSON document of steps, levels and commands.
///
/// Written in one pass with ``JSONWriter`` rather than through `Encodable` and `JSONEncoder`,
/// whose reflection over every argv of every step cost more than compiling the plan. The document
/// is the one `JSONEncoder` gave (pretty, sorted keys, unescaped slashes, absent optionals
/// omitted), so keys below are written in sorted order.
package enum PlanJSONRenderer {
    package static func render(_ plan: CompiledPlan, source: RunSource? = nil) -> String {
        let real = plan.steps.indices.filter { !plan.steps[$0].isBarrier }
        // A one-command step takes about 550 bytes; reserving avoids regrowing a buffer of megabytes.
        var json = JSONWriter(pretty: true, reservingCapacity: 4096 + real.count * 640)
        json.object { json in
            json.field("criticalPath", plan.criticalPath.map { plan.steps[$0].id })
            json.field("environment", plan.environment)
            json.field("formatVersion", 1)
            json.field("kubeconfig", plan.kubeconfig)
            json.field("levels") { json in
                json.array { json in for level in levels(of: real, in: plan) { json.array(level) } }
            }
            json.field("plan", plan.planName)
            json.field("runDirectory", plan.runDirectory)
            if let source { json.field("source") { json in json.value(source) } }
            json.field("steps") { json in
                let dependencies = StepDependencies(plan)
                json.array { json in
                    for node in real { json.value(plan.steps[node], level: plan.levels[node], needs: dependencies.direct[node]) }
                }
            }
            json.field("tools") { json in json.array { json in for tool in plan.tools { json.value(tool) } } }
            json.field("variables", plan.variables)
            json.field("workingDirectory", plan.workingDirectory)
        }
        return json.text + "\n"
    }

    /// Step ids by level, lowest first, in plan order within a level.
    private static func levels(of real: [Int], in plan: CompiledPlan) -> [[String]] {
        let grouped = Dictionary(grouping: real) { plan.levels[$0] }
        return grouped.keys.sorted().map { grouped[$0]!.map { plan.steps[$0].id } }
    }
}
