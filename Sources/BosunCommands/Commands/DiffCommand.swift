import ArgumentParser
import Deployment
import Execution
import Foundation
import PlanModel
import Rendering
import Revisions

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changes between two revisions of a plan, or between a revision and the working tree.",
        discussion: """
            Compiles the plan for the environment at revision A and at revision B (with one --rev, \
            from the working tree, uncommitted and untracked files included) and shows each step \
            added (+), removed (-) or changed (~) with what changed in it: its commands word for \
            word (and the diff of a rendered manifest it sends on standard input), its settings \
            (timeout, retries, needs, ...), the variables it names whose value differs, and the \
            unified diff of every changed file it reads: manifests, kustomizations and the files \
            they name, Terraform folders, and files or folders of the plan's folder named in a \
            run: argv. Changed files no step reads are listed after the steps. Secret values are \
            masked everywhere, in file diffs too.
            --json prints one object: from, to (commit ids; to is null for the working tree), \
            fromRevision, toRevision, workingTree, changed (true when anything differs), \
            changedFiles (paths relative to the plan's folder), variables ([{name, old, new, \
            secret}]), changes (steps: [{id, kind: added|removed|changed, reasons, commands: \
            [{list: commands|on-failure, old, new: {argv, text}, stdinDiff}], settings: [{name, \
            old, new}], variables, files}]) and files ([{path, repositoryPath, kind: \
            added|modified|deleted, patch, readBy, isPlan}]); a value that does not exist on one \
            side (a new command's old) is left out.
            Exit status: 0; with --exit-code, 1 when anything differs and 0 when nothing does; 2 \
            for an invalid plan or revision.
            """)

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @OptionGroup var state: StateOptions
    @Option(name: .customLong("rev"), help: ArgumentHelp(
        "The revision to compare with the working tree, or two revisions, old then new (--rev A --rev B).", valueName: "rev"))
    var revisions: [String] = []
    @Flag(name: .customLong("exit-code"), help: "Exit with 1 when anything differs, 0 when nothing does (like git diff --exit-code).")
    var exitCode = false
    @Flag(help: "Print JSON instead of text.") var json = false

    func validate() throws {
        guard (1...2).contains(revisions.count) else {
            throw ValidationError("give one revision to compare with the working tree (--rev A), or two (--rev OLD --rev NEW)")
        }
    }

    func run() throws {
        let console = Console()
        let reader = planOptions.reader
        var sourcing = PlanSource(reader: reader, environment: environment.environment)
        let policy = try sourcing.policyAndName().policy
        // Where a run's folder would be, found once (it looks for the plan's repository).
        let runFolder = state.dryRunDirectory(forPlan: planOptions.plan)
        let old = try compiled(at: revisions[0], sourcing: &sourcing, policy: policy, runFolder: runFolder)
        let new = try revisions.count == 2
            ? compiled(at: revisions[1], sourcing: &sourcing, policy: policy, runFolder: runFolder)
            : compiledWorkingTree(sourcing: sourcing, runFolder: runFolder)
        let files: [FileChange]
        do {
            files = try RevisionDiff.fileChanges(
                planPath: planOptions.plan, from: old.side.commit ?? revisions[0], to: new.side.isWorkingTree ? nil : new.side.commit,
                redactor: PlanDiff.redactor(old: old.plan, new: new.plan))
        } catch {
            throw reader.invalid(error)
        }
        let diff = PlanDiff(from: old.side, to: new.side, old: old.plan, new: new.plan, files: files)
        if json {
            console.output(String(decoding: try JSONOutput.encode(PlanDiffDocument(diff)), as: UTF8.self) + "\n")
        } else {
            console.output(PlanDiffRenderer.text(diff))
        }
        if exitCode, diff.hasChanges { throw ExitStatus.failure.exitCode }
    }

    /// The plan at `revision`, compiled where it was materialized: its commands name that folder
    /// `{plan}`, so two revisions compare equal where they do not differ.
    private func compiled(
        at revision: String, sourcing: inout PlanSource, policy: SourcePolicy, runFolder: String
    ) throws -> (plan: CompiledPlan, side: PlanDiff.Side) {
        sourcing.request = SourceRequest(revision: revision, allowUnmerged: true)
        let scratch = FileManager.default.temporaryDirectory.appending(path: "bosun-diff-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let checkout = try sourcing.checkout(workspace: scratch, policy: policy, dryRun: true).plan
        let plan = try sourcing.compile(checkout, runDirectory: runFolder)
        return (plan, PlanDiff.Side(revision: revision, commit: checkout.commit?.id))
    }

    /// The plan in the working tree.
    private func compiledWorkingTree(sourcing: PlanSource, runFolder: String) throws -> (plan: CompiledPlan, side: PlanDiff.Side) {
        let checkout = PlanCheckout.workingTree(planPath: planOptions.plan)
        let plan = try sourcing.compile(checkout, runDirectory: runFolder)
        return (plan, PlanDiff.Side(revision: nil, commit: checkout.commit?.id))
    }
}
