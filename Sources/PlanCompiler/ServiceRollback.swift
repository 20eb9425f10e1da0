import BosunBasics
import PlanGraph
import PlanModel

/// `bosun rollback PLAN --env E --service D`: an operator's rollback of one deployment, as a small
/// plan of its own so that it is run, shown and journaled like any other: connect through the
/// environment's provider, show the revision history, undo, wait for the rollout, and run the
/// health check the plan's rollout step for that deployment has.
public enum ServiceRollback {
    public static func plan(
        from source: CompiledPlan, deployment: String, toRevision: Int?, namespace explicitNamespace: String?
    ) throws(DiagnosticError) -> CompiledPlan {
        let target = "deployment/\(deployment)"
        let rollout = source.realSteps.first { step in
            step.kind == .rollout && step.commands.contains { $0.argv?.contains(target) == true }
        }
        guard rollout != nil || explicitNamespace != nil else {
            let known = source.realSteps.filter { $0.kind == .rollout }.compactMap { step in
                step.commands.lazy.compactMap { $0.argv?.first { $0.hasPrefix("deployment/") } }.first
            }
            throw DiagnosticError(.error(
                "plan \(source.planName) has no rollout step for '\(deployment)', so its namespace is unknown",
                at: .file(source.planFile),
                hint: (known.isEmpty ? "" : "deployments with rollout steps: \(known.map { $0.dropFirst(11) }.joined(separator: ", ")); ")
                    + "or pass --namespace"))
        }
        let namespace = explicitNamespace ?? rollout.flatMap(Self.namespace(of:))
        let kubectl = KubectlCommand(kubeconfig: source.kubeconfig)
        let timeout = rollout.flatMap(Self.statusTimeout(of:)) ?? "--timeout=300s"
        let health = rollout?.commands.first { if case .httpCheck = $0 { true } else { false } }
        let location = rollout?.location ?? .file(source.planFile)

        var steps: [CompiledStep] = []
        func add(_ id: String, _ kind: StepKind, _ summary: String, _ commands: [StepCommand]) {
            steps.append(CompiledStep(id: id, kind: kind, phase: "rollback", location: location, summary: summary, commands: commands))
        }
        if !source.providerCheck.isEmpty {
            add("connect", .connect, "connect to the \(source.environment) cluster and check health", source.providerCheck)
        }
        add("history", .run, "revision history of \(target)", [kubectl.make(["rollout", "history", target], namespace: namespace)])
        var undo = ["rollout", "undo", target]
        if let toRevision { undo.append("--to-revision=\(toRevision)") }
        add("undo", .rollout, "undo \(target)" + (toRevision.map { " to revision \($0)" } ?? " to the previous revision"),
            [kubectl.make(undo, namespace: namespace)])
        add("wait", .run, "wait for \(target) to roll out", [kubectl.make(["rollout", "status", target, timeout], namespace: namespace)])
        if let health { add("health", .check, "health of \(deployment) after the rollback", [health]) }

        var graph = DependencyGraph(nodeCount: steps.count)
        for node in steps.indices.dropFirst() { graph.addEdge(from: node - 1, to: node) }
        let order = TopologicalOrder.order(of: graph) ?? Array(steps.indices)
        var plan = source
        plan.description = "rollback of \(target) on \(source.environment)"
        plan.steps = steps
        plan.graph = graph
        plan.levels = TopologicalOrder.levels(of: graph, order: order)
        plan.criticalPath = Array(steps.indices)
        // Only what these steps run: kubectl and the provider's own tools.
        plan.tools = source.tools.filter { $0.program == "kubectl" || $0.provider != nil }
        return plan
    }

    private static func namespace(of step: CompiledStep) -> String? {
        guard let argv = step.commands.lazy.compactMap(\.argv).first, let flag = argv.firstIndex(of: "--namespace"),
              flag + 1 < argv.count else { return nil }
        return argv[flag + 1]
    }

    private static func statusTimeout(of step: CompiledStep) -> String? {
        step.commands.lazy.compactMap(\.argv).flatMap { $0 }.first { $0.hasPrefix("--timeout=") }
    }
}
