import BosunBasics
import PlanModel

/// Compares two compiled plans step by step. Their commands name the run's folders by token
/// (``CommandWord``), so a plan compiled where a revision was materialized compares equal to the
/// same plan in the working tree. Both are masked before they are compared: nothing this
/// returns holds a secret.
enum PlanComparison {
    /// `changedFiles` are the files that differ between the two sides, relative to the plan's
    /// folder; a step that reads one of them (or a folder holding one) has changed.
    static func changes(from old: CompiledPlan, to new: CompiledPlan, changedFiles: [String]) -> [StepChange] {
        let variables = StepVariables(old: old, new: new)
        let old = old.redacted(), new = new.redacted()
        let oldNodes = nodes(of: old), newNodes = nodes(of: new)
        func read(by steps: CompiledStep...) -> [String] {
            changedFiles.filter { file in steps.contains { $0.files.contains { FileReading.reads($0, file) } } }
        }
        var changes: [StepChange] = []
        for (newIndex, step) in new.steps.enumerated() where !step.isBarrier {
            guard let oldIndex = oldNodes[step.id] else {
                changes.append(StepChange(id: step.id, kind: .added, commands: CommandAlignment.added(step), files: read(by: step)))
                continue
            }
            var change = StepChange(id: step.id, kind: .changed, files: read(by: old.steps[oldIndex], step))
            describe(&change, old: oldIndex, in: old, new: newIndex, in: new, variables: variables)
            if !change.reasons.isEmpty { changes.append(change) }
        }
        for step in old.steps where !step.isBarrier && newNodes[step.id] == nil {
            changes.append(StepChange(id: step.id, kind: .removed, commands: CommandAlignment.removed(step), files: read(by: step)))
        }
        return changes
    }

    /// The plan-wide variables whose resolved value differs (secrets masked).
    static func variableChanges(from old: CompiledPlan, to new: CompiledPlan) -> [VariableChange] {
        StepVariables(old: old, new: new).changes(among: Set(old.variables.keys).union(new.variables.keys))
    }

    /// The node of each real step, by id.
    private static func nodes(of plan: CompiledPlan) -> [String: Int] {
        var nodes: [String: Int] = [:]
        for (index, step) in plan.steps.enumerated() where !step.isBarrier && nodes[step.id] == nil { nodes[step.id] = index }
        return nodes
    }

    /// Fills in what differs between node `oldIndex` of `oldPlan` and node `newIndex` of
    /// `newPlan` (the same step), and the reasons that sum it up.
    private static func describe(
        _ change: inout StepChange, old oldIndex: Int, in oldPlan: CompiledPlan, new newIndex: Int, in newPlan: CompiledPlan,
        variables: StepVariables
    ) {
        let old = oldPlan.steps[oldIndex], new = newPlan.steps[newIndex]
        change.commands = CommandAlignment.changes(old.commands, new.commands, list: .commands)
            + CommandAlignment.changes(old.onFailure, new.onFailure, list: .onFailure)
        change.settings = StepSettings.changes(old: oldIndex, in: oldPlan, new: newIndex, in: newPlan)
        change.variables = variables.changes(among: Set(old.variables).union(new.variables))
        if change.commands.contains(where: { $0.list == .commands }) { change.reasons.append("commands") }
        if change.commands.contains(where: { $0.list == .onFailure }) { change.reasons.append("on-failure commands") }
        change.reasons += change.settings.map(\.name)
        change.reasons += change.variables.map { "variable \($0.name)" }
        change.reasons += change.files.map { "file \($0)" }
    }
}

/// Whether a step reading a path reads a given file of the plan's folder.
enum FileReading {
    /// `path` is what the step names (a file, or a folder read with all it holds), `file` a
    /// changed file; both relative to the plan's folder.
    static func reads(_ path: String, _ file: String) -> Bool {
        let folder = normalized(path)
        return folder.isEmpty || normalized(file) == folder || normalized(file).hasPrefix(folder + "/")
    }

    /// `./k8s//app/` as `k8s/app`; the plan's folder itself (`.`) as "".
    private static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == "..", !parts.isEmpty { parts.removeLast() } else { parts.append(part) }
        }
        return parts.joined(separator: "/")
    }
}
