import PlanModel

/// How a step differs between two revisions of a plan (`bosun diff`).
public struct StepChange: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Codable { case added, removed, changed }

    public var id: String
    public var kind: Kind
    /// What changed, for people: "commands", "on-failure commands", "file k8s/app.yaml".
    public var reasons: [String]
}

/// Compares two compiled plans step by step. Both must have been relocated to the same folders
/// (``CompiledPlan/relocated(from:to:)``) so that only real differences show.
public enum PlanComparison {
    /// `changedFiles` are the files that differ between the two revisions, relative to the
    /// plan's folder; a step that reads one of them (or a folder holding one) has changed.
    public static func changes(from old: CompiledPlan, to new: CompiledPlan, changedFiles: [String]) -> [StepChange] {
        let oldSteps = Dictionary(old.realSteps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let newSteps = Dictionary(new.realSteps.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var changes: [StepChange] = []
        for step in new.realSteps {
            guard let before = oldSteps[step.id] else {
                changes.append(StepChange(id: step.id, kind: .added, reasons: []))
                continue
            }
            let reasons = differences(before, step, changedFiles: changedFiles)
            if !reasons.isEmpty { changes.append(StepChange(id: step.id, kind: .changed, reasons: reasons)) }
        }
        for step in old.realSteps where newSteps[step.id] == nil {
            changes.append(StepChange(id: step.id, kind: .removed, reasons: []))
        }
        return changes
    }

    private static func differences(_ old: CompiledStep, _ new: CompiledStep, changedFiles: [String]) -> [String] {
        var reasons: [String] = []
        if old.commands != new.commands { reasons.append("commands") }
        if old.onFailure != new.onFailure { reasons.append("on-failure commands") }
        if old.timeout != new.timeout || old.retries != new.retries { reasons.append("timeout or retries") }
        for file in changedFiles where new.files.contains(where: { reads($0, file) }) || old.files.contains(where: { reads($0, file) }) {
            reasons.append("file \(file)")
        }
        return reasons
    }

    /// Whether a step reading `path` (a file or folder) reads `file`.
    private static func reads(_ path: String, _ file: String) -> Bool {
        let path = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
        return file == path || file.hasPrefix(path.hasSuffix("/") ? path : path + "/")
    }
}
