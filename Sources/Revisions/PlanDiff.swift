import BosunBasics
import PlanModel

/// Everything `bosun diff` finds between two versions of a plan for one environment: the
/// variables, the steps and the files that changed, each with the change itself. Nothing in it
/// holds a secret.
package struct PlanDiff: Sendable {
    /// One side of the comparison: a revision, or the working tree.
    package struct Side: Sendable, Hashable {
        /// The revision as the user gave it; nil for the working tree.
        package var revision: String?
        /// The full commit id (for the working tree, of HEAD, if any).
        package var commit: String?

        package var isWorkingTree: Bool { revision == nil }

        package init(revision: String?, commit: String?) {
            self.revision = revision
            self.commit = commit
        }
    }

    package var from: Side
    package var to: Side
    /// Plan-wide variables whose resolved value differs.
    package var variables: [VariableChange]
    package var steps: [StepChange]
    /// Every file of the plan's folder that differs, with the steps that read it.
    package var files: [FileChange]

    /// Whether anything differs (`--exit-code`).
    package var hasChanges: Bool { !variables.isEmpty || !steps.isEmpty || !files.isEmpty }

    /// Compares `old` and `new`, compiled for the same environment and relocated to the same
    /// folders, given the files that differ between them (``RevisionDiff/fileChanges(planPath:from:to:redactor:)``).
    package init(from: Side, to: Side, old: CompiledPlan, new: CompiledPlan, files: [FileChange]) {
        self.from = from
        self.to = to
        variables = PlanComparison.variableChanges(from: old, to: new)
        let steps = PlanComparison.changes(from: old, to: new, changedFiles: files.map(\.path))
        self.steps = steps
        self.files = files.map { file in
            var file = file
            file.readBy = steps.filter { $0.files.contains(file.path) }.map(\.id)
            return file
        }
    }

    /// What masks every secret of either side: file contents are masked with it before they
    /// are diffed.
    package static func redactor(old: CompiledPlan, new: CompiledPlan) -> Redactor {
        Redactor(secrets: old.secrets + new.secrets)
    }
}
