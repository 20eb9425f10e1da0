import Foundation
import GitKit

/// The plan a command runs, and where its files came from.
package struct CheckedOutPlan: Sendable {
    /// The plan file to load: in the working tree, or in the materialized workspace.
    package var planPath: String
    /// The commit the files come from (the working tree's HEAD for a working-tree run), nil
    /// outside a git repository.
    package var commit: GitCommit?
    /// The revision asked for; nil for the working tree.
    package var requestedRevision: String?
    /// True when the revision is the environment's pin.
    package var pinned: Bool
    /// Where the revision's files were written; nil for the working tree.
    package var workspace: String?
    /// Files of the plan's folder with local changes (working tree only), relative to the
    /// repository root.
    package var modifiedFiles: [String]
    /// The provider profiles materialized with the revision (`<workspace>/…/providers`); nil when
    /// the revision has none (or for the working tree).
    package var providersFolder: String?

    package var isWorkingTree: Bool { workspace == nil }
}

extension CheckedOutPlan {
    /// The plan's folder as it will be in `workspace` when the revision is materialized there
    /// (a dry run reads a scratch copy and shows where `bosun apply` puts the files); the
    /// working tree's folder for the working tree.
    package func planFolder(inWorkspace other: String) -> String {
        let file: String
        if let workspace, planPath.hasPrefix(workspace + "/") {
            file = other + planPath.dropFirst(workspace.count)
        } else {
            file = planPath
        }
        return URL(fileURLWithPath: file).standardizedFileURL.deletingLastPathComponent().path
    }
}
