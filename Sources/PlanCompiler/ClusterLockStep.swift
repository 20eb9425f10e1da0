import BosunBasics
import PlanGraph
import PlanModel

/// The step of an environment with a cluster lock (on with records, or `cluster_lock: true`) that takes its Lease: after every connect
/// step (the run's kubeconfig exists only then) and before every other step that does not lead up
/// to connecting, so the lock is taken once, journaled like any step, and held around the steps
/// that change the cluster. Steps a connect needs (the Terraform that creates the cluster) run
/// before it, under the environment's local lock only.
enum ClusterLockStep {
    static let id = "cluster-lock"

    /// The Lease's name for a plan and environment: a DNS label.
    static func leaseName(planName: String, environment: String) -> String {
        let cleaned = "\(planName)-\(environment)".lowercased().map { $0.isLetter && $0.isASCII || $0.isNumber ? $0 : "-" }
        return "bosun-" + String(cleaned.prefix(56))
    }

    static func insert(into steps: inout [CompiledStep], graph: inout DependencyGraph, planName: String, environment: String,
                       records: Bool, location: SourceLocation) {
        let connects = steps.indices.filter { steps[$0].kind == .connect }
        // The connect steps and everything they need, transitively: these run before the lock.
        var before = Set(connects)
        var pending = connects
        while let node = pending.popLast() {
            for dependency in graph.dependencies[node] where before.insert(dependency).inserted { pending.append(dependency) }
        }
        let lease = leaseName(planName: planName, environment: environment)
        let lock = graph.addNode()
        steps.append(CompiledStep(
            id: id, kind: .clusterLock, phase: connects.first.map { steps[$0].phase } ?? steps.first?.phase ?? "",
            location: location, summary: "take the cluster lock of \(environment) (Lease bosun-system/\(lease))"
                + (records ? " and record the run there (bosun-system/bosun-run-<run>)" : ""),
            commands: [.clusterLease(lease: lease)], idempotent: true, intent: .clusterLock(lease: lease)))
        for connect in connects { graph.addEdge(from: connect, to: lock) }
        // Every other node whose dependencies all run before the lock starts after it; the rest
        // follow one of those, so the lock precedes them with one edge per frontier node.
        for node in 0..<lock where !before.contains(node) && graph.dependencies[node].allSatisfy(before.contains) {
            graph.addEdge(from: lock, to: node)
        }
    }
}
