import BosunBasics
import GitKit

/// What the command line asked for about where a plan comes from.
package struct SourceRequest: Sendable {
    /// `--rev`: a sha, tag, branch or `HEAD~2`.
    package var revision: String?
    /// `--working-tree`: ignore the environment's pin.
    package var workingTree: Bool
    /// `--allow-unmerged`: accept a revision not reachable from the environment's branch.
    package var allowUnmerged: Bool

    package init(revision: String? = nil, workingTree: Bool = false, allowUnmerged: Bool = false) {
        self.revision = revision
        self.workingTree = workingTree
        self.allowUnmerged = allowUnmerged
    }
}

/// The rules for an environment: protected ones run only reviewed, merged revisions.
package struct SourcePolicy: Sendable {
    package var environment: String
    package var protected: Bool
    /// The branch a protected environment's revisions must be reachable from.
    package var branch: String

    package init(environment: String, protected: Bool, branch: String = "main") {
        self.environment = environment
        self.protected = protected
        self.branch = branch
    }

    /// Where the plan comes from.
    package enum Choice: Sendable, Equatable {
        case workingTree
        case revision(String, pinned: Bool)
    }

    /// Decides between `--rev`, the pin and the working tree; a protected environment without
    /// a revision is refused, naming what to do.
    package func choose(_ request: SourceRequest, pin: Pin?, location: SourceLocation) throws(DiagnosticError) -> Choice {
        if let revision = request.revision {
            guard !request.workingTree else {
                throw DiagnosticError(.error("--rev and --working-tree cannot be used together", at: location))
            }
            return .revision(revision, pinned: false)
        }
        if request.workingTree || pin == nil {
            guard !protected else {
                throw DiagnosticError(.error(
                    "environment '\(environment)' is protected: it runs only from a pinned revision or --rev, never from the working tree",
                    at: location,
                    hint: "pin a merged revision with `bosun pin PLAN --env \(environment) --rev <rev>`, or pass --rev <rev>"))
            }
            return .workingTree
        }
        return .revision(pin!.commit, pinned: true)
    }

    /// Refuses, for a protected environment, a commit that is not on its branch.
    func checkMerged(_ commit: GitCommit, in repository: GitRepository, request: SourceRequest, location: SourceLocation) throws(DiagnosticError) {
        guard protected, !request.allowUnmerged else { return }
        do {
            let tip = try repository.branchTip(branch)
            if try repository.isAncestor(commit.id, of: tip.id) { return }
            throw DiagnosticError(.error(
                "revision \(commit.label) is not reachable from '\(branch)': environment '\(environment)' is protected",
                at: location,
                hint: "merge it into \(branch) first, or pass --allow-unmerged if this is deliberate"))
        } catch let error as GitError {
            throw DiagnosticError(.error("cannot check revision \(commit.label) against '\(branch)': \(error)", at: location))
        } catch let error as DiagnosticError {
            throw error
        } catch {
            throw DiagnosticError(.error("\(error)", at: location))
        }
    }
}
