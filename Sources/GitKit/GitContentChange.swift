import Foundation

/// One file that differs between two sides of a comparison, with its bytes on each side: what a
/// caller needs to show the change itself (masked first, when it may hold secrets).
public struct GitContentChange: Sendable, Hashable {
    public var change: GitChange
    /// The bytes before; nil when the file did not exist (or is a submodule, which has none).
    public var old: Data?
    /// The bytes after; nil when the file no longer exists (or is a submodule).
    public var new: Data?

    public init(change: GitChange, old: Data?, new: Data?) {
        self.change = change
        self.old = old
        self.new = new
    }

    public var path: String { change.path }
}
