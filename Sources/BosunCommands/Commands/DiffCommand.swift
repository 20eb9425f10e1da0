import ArgumentParser
import Foundation
import PlanModel
import Revisions

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Which steps change between two revisions of a plan.",
        discussion: """
            Compiles the plan at both revisions for the environment and lists the steps added, removed, \
            or changed (their commands, settings, or the files they read). Exit status: 0.
            """)

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @OptionGroup var state: StateOptions
    @Option(name: .customLong("rev"), help: ArgumentHelp("The two revisions, old then new (--rev A --rev B).", valueName: "rev"))
    var revisions: [String] = []
    @Flag(help: "Print JSON instead of text.") var json = false

    func validate() throws {
        guard revisions.count == 2 else { throw ValidationError("give exactly two revisions: --rev OLD --rev NEW") }
    }

    func run() throws {
        let console = Console()
        let session = PlanSession(options: planOptions, console: console)
        let placeholder = state.dryRunDirectory(forPlan: planOptions.plan) + "/workspace"
        var plans: [CompiledPlan] = []
        var commits: [String] = []
        var sourcing = PlanSourcing(session: session, environment: environment.environment, request: SourceRequest())
        let policy = try sourcing.policyAndName().policy
        for revision in revisions {
            sourcing.request = SourceRequest(revision: revision, allowUnmerged: true)
            let scratch = FileManager.default.temporaryDirectory.appending(path: "bosun-diff-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let checkout = try sourcing.checkout(workspace: scratch, policy: policy, dryRun: true)
            plans.append(try sourcing.compile(checkout, runDirectory: state.dryRunDirectory(forPlan: planOptions.plan)).relocated(from: scratch, to: placeholder))
            commits.append(checkout.commit?.id ?? revision)
        }
        let files: [String]
        do {
            files = try RevisionDiff.changedFiles(planPath: planOptions.plan, from: commits[0], to: commits[1])
        } catch {
            throw session.report(error)
        }
        let changes = PlanComparison.changes(from: plans[0], to: plans[1], changedFiles: files)
        if json {
            let document = DiffDocument(from: commits[0], to: commits[1], changedFiles: files, changes: changes)
            console.output(String(decoding: try JSONOutput.encode(document), as: UTF8.self) + "\n")
            return
        }
        console.line("\(revisions[0]) (\(commits[0].prefix(7))) → \(revisions[1]) (\(commits[1].prefix(7))): \(changes.count) step\(changes.count == 1 ? "" : "s") change")
        if !files.isEmpty { console.line("files changed in the plan's folder: " + files.joined(separator: ", ")) }
        for change in changes {
            let mark = switch change.kind { case .added: "+"; case .removed: "-"; case .changed: "~" }
            let reasons = change.reasons.isEmpty ? "" : " (" + change.reasons.joined(separator: ", ") + ")"
            console.line("\(mark) \(change.id)\(reasons)")
        }
    }
}

private struct DiffDocument: Encodable {
    var from: String
    var to: String
    var changedFiles: [String]
    var changes: [StepChange]
}
