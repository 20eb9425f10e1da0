import BosunBasics
import PlanGraph
import PlanLoading
import PlanModel

/// Lays out the DAG of a plan: one node per step, a start and an end barrier per phase, one
/// shared `terraform init` per terraform folder, and the edges between them.
///
/// Phase ordering goes through the barriers, so a phase of n steps after a phase of m steps
/// costs n + m edges rather than n·m.
struct GraphAssembler {
    let document: PlanDocument
    var diagnostics = DiagnosticBag()
    private(set) var steps: [CompiledStep] = []
    private(set) var graph = DependencyGraph()
    private var indexByID: [String: Int] = [:]
    private var phaseBarriers: [String: (start: Int, end: Int)] = [:]
    private var terraformInits: [String: Int] = [:]
    /// Step `needs` to resolve once every node exists: (node, written names).
    private var pendingNeeds: [(node: Int, needs: [Located<String>])] = []

    /// Steps that exist in the plan but not in this environment (`environments:`).
    private var excludedIDs: Set<String> = []

    init(document: PlanDocument) { self.document = document }

    mutating func build(expander: inout StepExpander) {
        let explicitIDs = collectExplicitIDs()
        var taken = Set(explicitIDs.keys)
        for phase in document.phases where phaseBarriers[phase.name.value] == nil {
            layOut(phase, expander: &expander, taken: &taken)
        }
        connectPhases()
        resolveStepNeeds()
        reportCycles()
    }

    // MARK: Nodes

    private mutating func collectExplicitIDs() -> [String: SourceLocation] {
        var ids: [String: SourceLocation] = [:]
        var phases: [String: SourceLocation] = [:]
        for phase in document.phases {
            if let first = phases[phase.name.value] {
                diagnostics.append(Diagnostic(.error, at: phase.name.location, "duplicate phase name '\(phase.name.value)'",
                                              notes: [Diagnostic(.note, at: first, "first used here")]))
            } else {
                phases[phase.name.value] = phase.name.location
            }
        }
        for step in document.phases.flatMap(\.steps) {
            guard let id = step.id else { continue }
            if let first = ids[id.value] {
                diagnostics.append(Diagnostic(.error, at: id.location, "duplicate step id '\(id.value)'",
                                              hint: "step ids must be unique across the plan",
                                              notes: [Diagnostic(.note, at: first, "first used here")]))
            } else if phases[id.value] != nil {
                diagnostics.error("step id '\(id.value)' is also a phase name", at: id.location,
                                  hint: "'needs: [\(id.value)]' would be ambiguous; rename the step")
            } else {
                ids[id.value] = id.location
            }
        }
        return ids
    }

    /// Whether a step limited to `only` runs in `environment`; names that are not environments of
    /// the plan are errors (a typo would silently drop the step everywhere).
    private mutating func runs(in only: [Located<String>], environment: String) -> Bool {
        let known = document.environments.map(\.name.value)
        for name in only where !known.contains(name.value) {
            diagnostics.error("unknown environment '\(name.value)' in 'environments'", at: name.location,
                              hint: Suggestion.didYouMean(name.value, among: known) ?? "environments of this plan: \(known.joined(separator: ", "))")
        }
        return only.contains { $0.value == environment }
    }

    @discardableResult
    private mutating func addNode(_ step: CompiledStep) -> Int {
        let index = graph.addNode()
        steps.append(step)
        indexByID[step.id] = index
        return index
    }

    private mutating func layOut(_ phase: PhaseSpec, expander: inout StepExpander, taken: inout Set<String>) {
        let name = phase.name.value
        let start = addNode(CompiledStep(id: "phase:\(name):start", kind: .barrier, phase: name, location: phase.location, summary: "phase \(name) starts"))
        var previous = start
        var members: [Int] = []
        for spec in phase.steps {
            let id = spec.id?.value ?? StepNaming.unique(StepNaming.defaultID(for: spec, phase: name), taken: taken)
            taken.insert(id)
            // A step for other environments stays in the graph as a node that runs nothing, so
            // that ordering and `needs` mean the same in every environment.
            let node: Int
            if let only = spec.environments, !runs(in: only, environment: expander.environmentName) {
                excludedIDs.insert(id)
                node = addNode(CompiledStep(id: id, kind: .barrier, phase: name, location: spec.location,
                                            summary: "not in environment \(expander.environmentName)"))
            } else {
                node = addNode(expander.expand(spec, id: id, phase: name))
            }
            graph.addEdge(from: phase.parallel ? start : previous, to: node)
            addTerraformInit(for: node, phase: name, location: spec.location, taken: &taken)
            if !spec.needs.isEmpty { pendingNeeds.append((node, spec.needs)) }
            previous = node
            members.append(node)
        }
        let end = addNode(CompiledStep(id: "phase:\(name):end", kind: .barrier, phase: name, location: phase.location, summary: "phase \(name) done"))
        for member in phase.parallel ? members : [previous] { graph.addEdge(from: member, to: end) }
        phaseBarriers[name] = (start, end)
    }

    /// Terraform steps of one folder share a single `init`, run before the first of them.
    private mutating func addTerraformInit(for node: Int, phase: String, location: SourceLocation, taken: inout Set<String>) {
        guard case .terraform(let dir, _) = steps[node].intent, let pool = steps[node].pool else { return }
        if terraformInits[dir] == nil {
            let id = StepNaming.unique("terraform-init:\(dir)", taken: taken)
            taken.insert(id)
            terraformInits[dir] = addNode(CompiledStep(
                id: id, kind: .terraformInit, phase: phase, location: location, summary: "terraform init in \(dir)",
                commands: [StepExpander.terraformInit(dir: dir)], pool: pool, files: [dir], intent: .terraformInit(dir: dir)))
        }
        graph.addEdge(from: terraformInits[dir]!, to: node)
    }

    // MARK: Edges

    private mutating func connectPhases() {
        for (position, phase) in document.phases.enumerated() {
            guard let barriers = phaseBarriers[phase.name.value] else { continue }
            let needs: [Located<String>]
            if let explicit = phase.needs {
                needs = explicit
            } else if position > 0 {
                needs = [document.phases[position - 1].name]
            } else {
                needs = []
            }
            for need in needs {
                guard let needed = phaseBarriers[need.value] else {
                    diagnostics.error(
                        "phase '\(phase.name.value)' needs unknown phase '\(need.value)'", at: need.location,
                        hint: (Suggestion.didYouMean(need.value, among: phaseBarriers.keys).map { $0 + " " } ?? "")
                            + "phases: \(document.phases.map(\.name.value).joined(separator: ", "))")
                    continue
                }
                graph.addEdge(from: needed.end, to: barriers.start)
            }
        }
    }

    private mutating func resolveStepNeeds() {
        for (node, needs) in pendingNeeds {
            for need in needs {
                if let phase = phaseBarriers[need.value] {
                    graph.addEdge(from: phase.end, to: node)
                } else if let target = indexByID[need.value], !steps[target].isBarrier || excludedIDs.contains(need.value) {
                    graph.addEdge(from: target, to: node)
                } else {
                    let candidates = steps.filter { !$0.isBarrier }.map(\.id) + Array(phaseBarriers.keys)
                    diagnostics.error(
                        "step '\(steps[node].id)' needs unknown step or phase '\(need.value)'", at: need.location,
                        hint: Suggestion.didYouMean(need.value, among: candidates)
                            ?? "needs names a step id (e.g. '\(steps.first { !$0.isBarrier }?.id ?? "phase/step")') or a phase name")
                }
            }
        }
    }

    /// Every cycle, printed as the path of step ids with where each is written.
    private mutating func reportCycles() {
        for cycle in CycleFinder.cycles(in: graph) {
            let path = (cycle + [cycle[0]]).map { describe(steps[$0]) }.joined(separator: " -> ")
            let first = cycle.first { !steps[$0].isBarrier } ?? cycle[0]
            let notes = cycle.map { Diagnostic(.note, at: steps[$0].location, describe(steps[$0])) }
            diagnostics.append(Diagnostic(
                .error, at: steps[first].location, "dependency cycle: \(path)",
                hint: "remove one of these 'needs', or move a step to an earlier phase", notes: notes))
        }
    }

    private func describe(_ step: CompiledStep) -> String {
        guard step.isBarrier else { return step.id }
        return step.id.hasSuffix(":end") ? "(end of phase \(step.phase))" : "(start of phase \(step.phase))"
    }
}
