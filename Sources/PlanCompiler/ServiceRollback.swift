import BosunBasics
import PlanGraph
import PlanModel

/// `bosun rollback PLAN --env E --service D`: an operator's rollback of one deployment, as a small
/// plan of its own so that it is run, shown and journaled like any other: connect through the
/// environment's provider, look at the deployment and its revisions, undo to the chosen one, wait
/// for the rollout and run the health check of the plan's rollout step for it.
///
/// Without `--to-revision` the revision is chosen when the run sees the cluster: the newest one
/// before the live revision whose images Bosun last saw healthy (`verdicts`, from the journal),
/// never one it saw fail.
package enum ServiceRollback {
    package static func plan(
        from source: CompiledPlan, deployment name: String, toRevision: Int?, namespace explicitNamespace: String?,
        verdicts: [String: Bool]
    ) throws(DiagnosticError) -> CompiledPlan {
        let found = rolloutStep(for: name, in: source)
        let rollout = found?.rollout
        guard rollout != nil || explicitNamespace != nil else {
            let known = rollouts(in: source).map(\.rollout.deployment.name)
            throw DiagnosticError(.error(
                "plan \(source.planName) has no rollout step for '\(name)', so its namespace is unknown",
                at: .file(source.planFile),
                hint: (Suggestion.didYouMean(name, among: known).map { $0 + " " } ?? "")
                    + (known.isEmpty ? "" : "deployments with rollout steps: \(known.joined(separator: ", ")); ") + "or pass --namespace"))
        }
        let deployment = Self.deployment(named: name, in: source, namespace: explicitNamespace)
        let kubectl = KubectlCommand(kubeconfig: source.kubeconfig)
        let target = "deployment/\(name)"
        let timeout = "--timeout=" + KubectlDuration.format(rollout?.timeout ?? 300)
        let health = rollout?.health.map { StepCommand.httpCheck(HTTPCheck(url: $0, attempts: 5, interval: 2)) }
        let location = found?.step.location ?? .file(source.planFile)

        var steps: [CompiledStep] = []
        if !source.providerCheck.isEmpty {
            steps.append(CompiledStep(
                id: "connect", kind: .connect, phase: "rollback", location: location,
                summary: "connect to the \(source.environment) cluster and check health", commands: source.providerCheck,
                intent: source.realSteps.first { $0.kind == .connect }?.intent
                    ?? .connect(provider: source.tools.first { $0.provider != nil }?.provider ?? "",
                                programs: StepExpander.programs(of: source.providerCheck))))
        }
        // The environment's cluster lock is held around the rollback as around any run of it.
        if let lock = source.realSteps.first(where: { $0.kind == .clusterLock }) {
            var lock = lock
            lock.phase = "rollback"
            steps.append(lock)
        }
        let choice = RevisionChoice(deployment: deployment, toRevision: toRevision, verdicts: verdicts)
        var commands: [StepCommand] = [
            kubectl.observe(deployment, .before, required: true),
            .exec(ExecCommand(kubectl.argv(["get", "replicasets", "-o", "json"], namespace: deployment.namespace), reads: .revisions(choice))),
            kubectl.make(["rollout", "undo", CommandWord.escaped(target), "--to-revision=" + ExecCommand.capturePlaceholder(ReleaseCapture.rollbackTarget)],
                         namespace: deployment.namespace),
            kubectl.make(["rollout", "status", CommandWord.escaped(target), timeout], namespace: deployment.namespace),
        ]
        if let health { commands.append(health) }
        commands.append(kubectl.observe(deployment, .after))
        let chosen = toRevision.map { "revision \($0)" } ?? "the newest earlier revision Bosun saw healthy"
        steps.append(CompiledStep(
            id: "rollback-\(name)", kind: .rollout, phase: "rollback", location: location,
            summary: "roll \(target) back to \(chosen)", commands: commands,
            intent: .serviceRollback(deployment: deployment, toRevision: toRevision), changesFrom: 2))

        return rollbackPlan(from: source, steps: steps, target: target)
    }

    /// The deployment a service rollback of `name` works on: in `namespace` when given, else in
    /// the namespace of the plan's rollout step for it (the journal keys its releases this way).
    package static func deployment(named name: String, in plan: CompiledPlan, namespace: String?) -> DeploymentRef {
        DeploymentRef(name: name, namespace: namespace ?? rolloutStep(for: name, in: plan)?.rollout.deployment.namespace)
    }

    private static func rollouts(in plan: CompiledPlan) -> [(step: CompiledStep, rollout: RolloutIntent)] {
        plan.realSteps.compactMap { step in if case .rollout(let rollout) = step.intent { (step, rollout) } else { nil } }
    }

    private static func rolloutStep(for name: String, in plan: CompiledPlan) -> (step: CompiledStep, rollout: RolloutIntent)? {
        rollouts(in: plan).first { $0.rollout.deployment.name == name }
    }

    private static func rollbackPlan(from source: CompiledPlan, steps: [CompiledStep], target: String) -> CompiledPlan {
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
}
