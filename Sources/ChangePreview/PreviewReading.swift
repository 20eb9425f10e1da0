import Execution
import Foundation
import PlanGraph
import PlanModel

/// Turns what the probes printed into each step's preview, in the order a run starts the steps.
/// A step whose probe failed is explained by an earlier step when one is the cause (the
/// namespace it creates, the deployment it applies): "known after" that step.
struct PreviewReading {
    let probes: ProbePlan
    let results: ProbeResults
    let records: [String: StepRecord]

    private var plan: CompiledPlan { probes.plan }

    func steps() -> [StepPreview] {
        let order = TopologicalOrder.order(of: plan.graph) ?? Array(plan.steps.indices)
        var previews: [Int: StepPreview] = [:]
        var shown: [StepPreview] = []
        for index in order {
            let step = plan.steps[index]
            guard let probe = probes.probes[step.id], let record = records[step.id] else { continue }
            if case .hidden = probe { continue }
            let outcome = outcome(of: step, at: index, probe: probe, record: record, earlier: previews)
            let preview = StepPreview(id: step.id, phase: step.phase, kind: step.kind.rawValue, summary: step.summary,
                                      location: step.location.description, outcome: outcome)
            previews[index] = preview
            shown.append(preview)
        }
        return shown
    }

    private func outcome(of step: CompiledStep, at index: Int, probe: StepProbe, record: StepRecord, earlier: [Int: StepPreview]) -> StepOutcome {
        let results = results.of(step.id)
        if record.state == .skipped || record.state == .cancelled {
            // Skipped: an earlier set-up step (connect, terraform init) failed, or Ctrl-C.
            let cause = Causes(plan: plan, index: index, earlier: earlier).failedSetup(among: probes.strict)
            return .failed(cause.map { "\($0) failed first" } ?? (record.message ?? "stopped"))
        }
        switch probe {
        case .hidden: return .runs(note: "", preview: nil)
        case .setup(let note), .notPreviewed(let note):
            if case .setup = probe, let failed = results.first(where: { !$0.outcome.succeeded }) { return .failed(failed.message) }
            return .runs(note: note, preview: nil)
        case .command(let display, let output):
            let result = results.first
            var text = read(output)
            if let result, !result.outcome.succeeded {
                // What it reads may come from an earlier step (its namespace, a Terraform output):
                // then it is known after that step. Otherwise its status is part of what it shows
                // (`diff` exits 1 for differences).
                if case .knownAfter(let after, let reason) = explain(result.message, step: step, index: index, earlier: earlier) {
                    return .knownAfter(after: after, reason: reason)
                }
                text += (text.isEmpty ? "" : "\n") + result.errors.joined(separator: "\n")
            }
            return .runs(note: "runs; its preview command printed", preview: CommandPreview(
                command: display, exitStatus: result?.outcome.exitStatus, output: Self.clipped(text)))
        case .terraform(let address, let json):
            if let failed = results.first(where: { !$0.outcome.succeeded }) {
                return explain(failed.message, step: step, index: index, earlier: earlier)
            }
            do {
                return .terraform(try TerraformPlanReading.changes(in: read(json), target: address))
            } catch {
                return .failed("cannot read the plan of \(address): \(error)")
            }
        case .diff(let output):
            // kubectl diff: 0 no differences, 1 differences, more: it failed.
            guard let result = results.last else { return .failed("kubectl diff did not run") }
            if let status = result.outcome.exitStatus, status <= 1 { return .kubernetes(KubectlDiffReading.objects(in: read(output))) }
            return explain(result.message, step: step, index: index, earlier: earlier)
        case .namespace(let name, let labels, let output):
            guard let result = results.first else { return .failed("kubectl get namespace did not run") }
            guard result.outcome.succeeded else { return explain(result.message, step: step, index: index, earlier: earlier) }
            guard let change = NamespaceLabels.change(name: name, desired: labels, live: read(output)) else {
                return .failed("cannot read namespace \(name) as kubectl printed it")
            }
            return .namespace(change)
        case .rollout(let rollout, let output):
            guard let result = results.first else { return .failed("kubectl get deployment did not run") }
            guard result.outcome.succeeded else { return explain(result.message, step: step, index: index, earlier: earlier) }
            switch DeploymentReading.release(of: rollout, live: read(output)) {
            case .release(let release): return .release(release)
            case .missing:
                let causes = Causes(plan: plan, index: index, earlier: earlier)
                if let creator = causes.creator(of: rollout.deployment) {
                    return .knownAfter(after: creator, reason: "\(rollout.deployment) does not exist yet; \(creator) creates it")
                }
                return .failed("\(rollout.deployment) does not exist, and no earlier step applies it: the rollout would fail")
            case .noContainer(let names):
                return .failed("deployment \(rollout.deployment.name) has no container \(rollout.container) (it has \(names.joined(separator: ", "))): the rollout would fail")
            case .unreadable:
                return .failed("cannot read deployment \(rollout.deployment.name) as kubectl printed it")
            }
        }
    }

    /// A failed probe: "known after" the earlier step that explains it, else the failure.
    private func explain(_ message: String, step: CompiledStep, index: Int, earlier: [Int: StepPreview]) -> StepOutcome {
        let causes = Causes(plan: plan, index: index, earlier: earlier)
        if let namespace = Self.missingNamespace(in: message) {
            if let creator = causes.creator(ofNamespace: namespace) {
                return .knownAfter(after: creator, reason: "namespace \(namespace) does not exist yet; \(creator) creates it")
            }
            return .failed("namespace \(namespace) does not exist, and no earlier step creates it: the run would fail here")
        }
        // Terraform plans a target with what it depends on, applied or not: its failures (a state
        // lock held, an error in the configuration) are its own.
        guard step.kind != .terraform else { return .failed(message) }
        // What an earlier change would make exist: a kind its CRD brings, a Terraform output a
        // preview command reads. Only a change (or an unknown) before this step can explain these.
        if Self.awaitsEarlierChange(message), let change = causes.nearestChange {
            return .knownAfter(after: change, reason: Self.firstLine(message))
        }
        if let unknown = causes.nearestUnknown {
            return .knownAfter(after: unknown, reason: Self.firstLine(message))
        }
        return .failed(message)
    }

    static func missingNamespace(in message: String) -> String? {
        guard let range = message.range(of: #"namespaces "[^"]+" not found"#, options: .regularExpression) else { return nil }
        return String(message[range].dropFirst("namespaces \"".count).prefix { $0 != "\"" })
    }

    private static func awaitsEarlierChange(_ message: String) -> Bool {
        let lower = message.lowercased()
        return lower.contains("no matches for kind") || lower.contains("could not find the requested resource")
            || lower.contains("the server doesn't have a resource type") || lower.contains("not found")
    }

    private static func firstLine(_ text: String) -> String {
        String(text.split(separator: "\n").first ?? "")
    }

    private func read(_ relative: String) -> String {
        let data = FileManager.default.contents(atPath: plan.runDirectory + "/" + relative) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// A preview command's output is shown, not archived: the first 20,000 characters.
    static func clipped(_ text: String, limit: Int = 20_000) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "\n… (\(text.count - limit) more characters not shown)"
    }
}

/// The steps before one step (everything it needs, directly or not) that can explain its preview.
private struct Causes {
    let plan: CompiledPlan
    /// The step's dependencies, nearest first (latest in the run's order), with their previews.
    private let before: [StepPreview]

    init(plan: CompiledPlan, index: Int, earlier: [Int: StepPreview]) {
        self.plan = plan
        let needed = TopologicalOrder.closure(of: plan.graph.dependencies[index], in: plan.graph)
        before = needed.sorted(by: >).compactMap { earlier[$0] }
    }

    /// The set-up step (connect, terraform init) whose failure kept this step from running.
    func failedSetup(among setup: Set<String>) -> String? {
        before.first { step in
            guard setup.contains(step.id) else { return false }
            if case .failed = step.outcome { return true } else { return false }
        }?.id
    }

    func creator(ofNamespace name: String) -> String? {
        before.first { step in
            switch step.outcome {
            case .namespace(let namespace): namespace.name == name && !namespace.exists
            case .kubernetes(let objects): objects.contains { $0.kind == "Namespace" && $0.name == name && $0.action == .create }
            case .knownAfter(_, let reason): reason.hasPrefix("namespace \(name) ")
            default: false
            }
        }.map(creatorID)
    }

    func creator(of deployment: DeploymentRef) -> String? {
        before.first { step in
            guard let compiled = plan.index(of: step.id).map({ plan.steps[$0] }),
                  compiled.intent.deployments.contains(deployment) else { return false }
            switch step.outcome {
            case .kubernetes(let objects): return objects.contains { $0.kind == "Deployment" && $0.name == deployment.name && $0.action == .create }
            case .knownAfter: return true
            default: return false
            }
        }?.id
    }

    var nearestChange: String? {
        before.first { step in
            switch step.outcome {
            case .terraform, .kubernetes, .release, .namespace: step.outcome.status == "changes"
            case .knownAfter: true
            default: false
            }
        }.map(creatorID)
    }

    var nearestUnknown: String? {
        before.first { step in if case .knownAfter = step.outcome { true } else { false } }.map(creatorID)
    }

    /// A step known only after another is known after that one too: name the step that runs first.
    private func creatorID(_ step: StepPreview) -> String {
        if case .knownAfter(let after, _) = step.outcome { return after }
        return step.id
    }
}
