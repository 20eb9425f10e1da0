import BosunBasics
import PlanGraph
import PlanModel

/// Every step that talks to the cluster reads the run's kubeconfig, which only a connect step
/// writes: such a step must come after one (else every kubectl command fails with "no such file").
enum ClusterAccess {
    static func check(_ steps: [CompiledStep], graph: DependencyGraph, environment: String, into diagnostics: inout DiagnosticBag) {
        let users = steps.indices.filter { !steps[$0].isBarrier && steps[$0].intent.usesCluster }
        guard let first = users.first else { return }
        let connects = steps.indices.filter { steps[$0].kind == .connect }
        guard !connects.isEmpty else {
            let others = users.count > 1 ? " (and \(users.count - 1) more steps)" : ""
            diagnostics.error(
                "step '\(steps[first].id)'\(others) uses the cluster, but the plan has no connect step in environment '\(environment)'",
                at: steps[first].location,
                hint: "add `- connect: cluster` in a phase before it: it writes the run's kubeconfig through the environment's provider")
            return
        }
        // Everything reachable from a connect step runs after one.
        var after = Array(repeating: false, count: steps.count)
        var pending = connects
        while let node = pending.popLast() {
            for next in graph.dependents[node] where !after[next] {
                after[next] = true
                pending.append(next)
            }
        }
        for node in users where !after[node] {
            let connect = steps[connects[0]].id
            diagnostics.error(
                "step '\(steps[node].id)' uses the cluster but may run before the connect step '\(connect)'", at: steps[node].location,
                hint: "add `needs: [\(connect)]`, or move it to a phase after the connect step's")
        }
    }
}
