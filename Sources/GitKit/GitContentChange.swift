import Foundation

/// One file that differs between two sides of a comparison, with its bytes on each side: what a
/// caller needs to show the change itself (masked first, when it may hold secrets).
package struct GitContentChange: Sendable, Hashable {
    package var change: GitChange
    /// The bytes before; nil when the file did not exist (or is a submodule, which has none).
    package var old: Data?
    /// The bytes after; nil when the file no longer exists (or is a submodule).
    package var new: Data?

    init(change: GitChange, old: Data?, new: Data?) {
        self.change = change
        self.old = old
        self.new = new
    }

    package var path: String { change.path }
}
