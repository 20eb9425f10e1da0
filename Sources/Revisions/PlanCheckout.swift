import BosunBasics
import Foundation
import GitKit

/// Gets a plan's files for a run: as they are in the working tree, or exactly as they were at a
/// commit, materialized through libgit2 (never `git checkout`: the user's tree is not touched).
package enum PlanCheckout {
    /// The working tree, with the commit it is on and its local changes when it is in a
    /// repository. Outside a repository the run simply records no commit.
    package static func workingTree(planPath: String) -> CheckedOutPlan {
        var checkout = CheckedOutPlan(planPath: planPath, commit: nil, requestedRevision: nil, pinned: false,
                                      workspace: nil, modifiedFiles: [], providersFolder: nil)
        guard let located = try? PlanInRepository(planPath: planPath) else { return checkout }
        checkout.commit = try? located.repository.headCommit()
        checkout.modifiedFiles = (try? located.repository.modifiedFiles(under: located.planFolder)) ?? []
        return checkout
    }

    /// Writes the plan's folder at `revision` (and the `providers/` folder above it) into
    /// `workspace`, keeping their paths relative to the repository root, and returns the plan
    /// file inside it. `workspace` must not exist yet or be empty.
    /// A protected environment's revision must be on its branch (``SourcePolicy``). `commit`,
    /// when given, is resolved instead of `revision` (a pin records both: what was asked, and the
    /// exact commit it meant then).
    package static func revision(
        _ revision: String, pinned: Bool = false, commit exact: String? = nil, planPath: String, into workspace: String,
        policy: SourcePolicy, request: SourceRequest
    ) throws(DiagnosticError) -> CheckedOutPlan {
        try diagnosingGit(at: .file(planPath)) {
            let located = try PlanInRepository(planPath: planPath)
            let commit = try located.acceptedCommit(exact ?? revision, policy: policy, request: request, planPath: planPath)
            let destination = URL(fileURLWithPath: workspace)
            try located.repository.materialize(
                folder: located.planFolder, at: commit, into: destination.appending(path: located.planFolder).path)
            var providersFolder: String?
            if let providers = try located.providersFolder(at: commit) {
                providersFolder = destination.appending(path: providers).path
                // A providers/ folder inside the plan's folder (a plan at the root beside it) came
                // with the plan's folder already.
                if !located.contains(providers) {
                    try located.repository.materialize(folder: providers, at: commit, into: providersFolder!)
                }
            }
            return CheckedOutPlan(
                planPath: destination.appending(path: located.planFile).path, commit: commit, requestedRevision: revision,
                pinned: pinned, workspace: workspace, modifiedFiles: [], providersFolder: providersFolder)
        }
    }
}
