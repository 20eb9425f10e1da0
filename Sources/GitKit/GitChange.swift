/// One file that differs between two commits.
package struct GitChange: Sendable, Hashable, CustomStringConvertible {
    package enum Kind: String, Sendable, Hashable {
        case added, modified, deleted
    }

    /// Repository-relative path.
    package var path: String
    package var kind: Kind

    package init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    package var description: String { "\(kind.rawValue) \(path)" }
}
