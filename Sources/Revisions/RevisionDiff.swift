import BosunBasics
import Foundation
import GitKit

/// What changed in a plan's folder between two commits, or between a commit and the working tree.
package enum RevisionDiff {
    /// The files of the plan's folder that differ from `old` to `new` (nil: the working tree, with
    /// its uncommitted and untracked files), each with a patch made from versions in which
    /// `redactor` masked every secret first, so that no patch can hold one.
    package static func fileChanges(
        planPath: String, from old: String, to new: String?, redactor: Redactor
    ) throws(DiagnosticError) -> [FileChange] {
        try withPlan(planPath) { located throws(GitError) in
            let repository = located.repository
            let target = try new.map { revision throws(GitError) in DiffTarget.commit(try repository.resolveCommit(revision)) } ?? .workingTree
            let prefix = located.planFolder.isEmpty ? "" : located.planFolder + "/"
            var changes: [FileChange] = []
            for content in try repository.changedContents(from: repository.resolveCommit(old), to: target, under: located.planFolder) {
                let patch = try UnifiedDiff.patch(
                    from: masked(content.old, redactor), to: masked(content.new, redactor), path: content.path)
                changes.append(FileChange(
                    path: String(content.path.dropFirst(prefix.count)), repositoryPath: content.path,
                    kind: FileChange.Kind(content.change.kind), patch: patch, isPlan: content.path == located.planFile))
            }
            return changes
        }
    }

    /// Text with its secrets masked. Binary content (with a NUL byte, as git tells it) is left
    /// as it is: its patch only says that it differs.
    private static func masked(_ data: Data?, _ redactor: Redactor) -> Data? {
        guard let data, !redactor.isEmpty, !data.contains(0) else { return data }
        return Data(redactor.redact(String(decoding: data, as: UTF8.self)).utf8)
    }

    /// A unified diff of the plan's folder from `old` to `new`, for a person to read before a rollback.
    package static func text(planPath: String, from old: String, to new: String) throws(DiagnosticError) -> String {
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

extension FileChange.Kind {
    init(_ kind: GitChange.Kind) {
        switch kind {
        case .added: self = .added
        case .modified: self = .modified
        case .deleted: self = .deleted
        }
    }
}
