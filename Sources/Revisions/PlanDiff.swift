import BosunBasics
import PlanModel

/// Everything `bosun diff` finds between two versions of a plan for one environment: the
/// variables, the steps and the files that changed, each with the change itself. Nothing in it
/// holds a secret.
public struct PlanDiff: Sendable {
    /// One side of the comparison: a revision, or the working tree.
    public struct Side: Sendable, Hashable {
        /// The revision as the user gave it; nil for the working tree.
        public var revision: String?
        /// The full commit id (for the working tree, of HEAD, if any).
        public var commit: String?

        public var isWorkingTree: Bool { revision == nil }

        public init(revision: String?, commit: String?) {
            self.revision = revision
            self.commit = commit
        }
    }

    public var from: Side
    public var to: Side
    /// Plan-wide variables whose resolved value differs.
    public var variables: [VariableChange]
    public var steps: [StepChange]
    /// Every file of the plan's folder that differs, with the steps that read it.
    public var files: [FileChange]

    /// Whether anything differs (`--exit-code`).
    public var hasChanges: Bool { !variables.isEmpty || !steps.isEmpty || !files.isEmpty }

    /// Compares `old` and `new`, compiled for the same environment and relocated to the same
    /// folders, given the files that differ between them (``RevisionDiff/fileChanges(planPath:from:to:redactor:)``).
    public init(from: Side, to: Side, old: CompiledPlan, new: CompiledPlan, files: [FileChange]) {
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
    public static func redactor(old: CompiledPlan, new: CompiledPlan) -> Redactor {
        Redactor(secrets: old.secrets + new.secrets)
    }
}
