import Revisions

/// `bosun diff --json`: the same model as the text, for machines. `from`, `to`, `changedFiles`
/// and `changes` keep the shape they had before the change itself was shown (commit ids; `to`
/// is null for the working tree), the rest is new.
package struct PlanDiffDocument: Encodable {
    package var from: String?
    package var to: String?
    package var fromRevision: String?
    package var toRevision: String?
    package var workingTree: Bool
    package var changed: Bool
    package var changedFiles: [String]
    package var variables: [VariableChange]
    package var changes: [StepChange]
    package var files: [FileChange]

    package init(_ diff: PlanDiff) {
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
    package func encode(to encoder: any Encoder) throws {
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
