import BosunBasics
import Foundation
import GitKit

/// What changed in a plan's folder between two commits.
public enum RevisionDiff {
    /// Files of the plan's folder that differ, relative to that folder.
    public static func changedFiles(planPath: String, from old: String, to new: String) throws(DiagnosticError) -> [String] {
        try withPlan(planPath) { located throws(GitError) in
            let prefix = located.planFolder.isEmpty ? "" : located.planFolder + "/"
            let repository = located.repository
            return try repository.changedFiles(from: repository.resolveCommit(old), to: repository.resolveCommit(new), under: located.planFolder)
                .map { String($0.path.dropFirst(prefix.count)) }
        }
    }

    /// A unified diff of the plan's folder from `old` to `new`, for a person to read before a rollback.
    public static func text(planPath: String, from old: String, to new: String) throws(DiagnosticError) -> String {
        try withPlan(planPath) { located throws(GitError) in
            let repository = located.repository
            return try repository.diffText(from: repository.resolveCommit(old), to: repository.resolveCommit(new), under: located.planFolder)
        }
    }

    private static func withPlan<Result>(
        _ planPath: String, _ body: (PlanInRepository) throws(GitError) -> Result
    ) throws(DiagnosticError) -> Result {
        try diagnosingGit(at: .file(planPath)) { try body(PlanInRepository(planPath: planPath)) }
    }
}
