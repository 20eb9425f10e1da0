/// Where a run's plan and files came from, as recorded in its journal: an exact git commit, or
/// the working tree (with the commit it was on and whether it had local changes). Its JSON:
/// RunSource+JSON.swift.
package struct RunSource: Sendable, Hashable {
    /// Full commit id; nil when the plan is not in a git repository (or HEAD has no commit yet).
    package var commit: String?
    /// The revision asked for (`--rev v1.2.0`, or the pin's); nil for a run from the working tree.
    package var requestedRevision: String?
    /// True when the revision came from the environment's pin.
    package var pinned: Bool
    /// True when the steps ran on the working tree rather than on files read from `commit`.
    package var workingTree: Bool
    /// Files of the plan's folder that differed from `commit` (working-tree runs only), relative
    /// to the repository root.
    package var modifiedFiles: [String]
    /// ``PlanDigest`` of the compiled plan.
    package var planDigest: String
    /// Machine-local files (a kubeconfig) that a run from a revision read from the working tree
    /// because the revision does not hold them; nil when there were none.
    package var localFiles: [String]?

    package var isDirty: Bool { !modifiedFiles.isEmpty }

    package init(
        commit: String?, requestedRevision: String?, pinned: Bool, workingTree: Bool,
        modifiedFiles: [String] = [], planDigest: String, localFiles: [String] = []
    ) {
        self.localFiles = localFiles.isEmpty ? nil : localFiles
        self.commit = commit
        self.requestedRevision = requestedRevision
        self.pinned = pinned
        self.workingTree = workingTree
        self.modifiedFiles = modifiedFiles
        self.planDigest = planDigest
    }
}
