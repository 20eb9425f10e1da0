import Revisions

/// `bosun diff --json`: the same model as the text, for machines. `from`, `to`, `changedFiles`
/// and `changes` keep the shape they had before the change itself was shown (commit ids; `to`
/// is null for the working tree), the rest is new.
public struct PlanDiffDocument: Encodable {
    public var from: String?
    public var to: String?
    public var fromRevision: String?
    public var toRevision: String?
    public var workingTree: Bool
    public var changed: Bool
    public var changedFiles: [String]
    public var variables: [VariableChange]
    public var changes: [StepChange]
    public var files: [FileChange]

    public init(_ diff: PlanDiff) {
        from = diff.from.commit
        to = diff.to.isWorkingTree ? nil : diff.to.commit
        fromRevision = diff.from.revision
        toRevision = diff.to.revision
        workingTree = diff.to.isWorkingTree
        changed = diff.hasChanges
        changedFiles = diff.files.map(\.path)
        variables = diff.variables
        changes = diff.steps
        files = diff.files
    }

    private enum CodingKeys: String, CodingKey {
        case from, to, fromRevision, toRevision, workingTree, changed, changedFiles, variables, changes, files
    }

    /// Absent values are written as null, so that every key is always there.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(from, forKey: .from)
        try container.encode(to, forKey: .to)
        try container.encode(fromRevision, forKey: .fromRevision)
        try container.encode(toRevision, forKey: .toRevision)
        try container.encode(workingTree, forKey: .workingTree)
        try container.encode(changed, forKey: .changed)
        try container.encode(changedFiles, forKey: .changedFiles)
        try container.encode(variables, forKey: .variables)
        try container.encode(changes, forKey: .changes)
        try container.encode(files, forKey: .files)
    }
}
