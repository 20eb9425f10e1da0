import Foundation

/// A commit, resolved from a revision such as `main`, `v1.2`, `HEAD~2` or a short sha.
///
/// Two values are equal when they name the same commit, however each was resolved; `revision`
/// only remembers how the caller named it, so that messages can say "main (1a2b3c4)".
package struct GitCommit: Sendable, Hashable, CustomStringConvertible {
    /// The full 40-hex-digit sha.
    package let id: String
    /// The revision this commit was resolved from, as the caller wrote it.
    package let revision: String
    /// The first paragraph of the message, on one line.
    package let summary: String
    package let author: GitIdentity
    /// When the author made the commit (the date `git log` shows).
    package let time: Date

    package init(id: String, revision: String, summary: String, author: GitIdentity, time: Date) {
        self.id = id
        self.revision = revision
        self.summary = summary
        self.author = author
        self.time = time
    }

    /// The first seven digits of the sha, as `git log --oneline` shows them.
    var shortID: String { String(id.prefix(7)) }

    /// "main (1a2b3c4)": the revision as written, and the commit it named.
    package var label: String { "\(revision) (\(shortID))" }

    package var description: String { "\(shortID) \(summary)" }

    package static func == (lhs: GitCommit, rhs: GitCommit) -> Bool { lhs.id == rhs.id }

    package func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
