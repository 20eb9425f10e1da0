import Execution

/// One line saying where a plan's files came from.
package enum SourceText {
    package static func describe(_ source: RunSource, style: TerminalStyle) -> String {
        guard let commit = source.commit else { return style.dim("source: working tree (not in a git repository)") }
        if !source.workingTree {
            let revision = source.requestedRevision.map { $0 == commit ? "" : "\($0) = " } ?? ""
            let local = source.localFiles.map { "; read from the working tree (not in the revision): " + $0.joined(separator: ", ") } ?? ""
            return "source: " + style.bold(revision + commit) + (source.pinned ? " (the environment's pin)" : "") + local
        }
        guard source.isDirty else { return "source: working tree at \(commit) (clean)" }
        return "source: working tree at \(commit) " + style.warning("with local changes: " + source.modifiedFiles.joined(separator: ", "))
    }
}
