/// A caller-supplied path inside the repository, relative to its root, with `.`, `..` and
/// repeated slashes resolved. Paths that are absolute or climb above the root are refused, so
/// nothing built from one can point outside the repository.
struct RepositoryPath: Equatable {
    let components: [String]

    /// The repository root itself.
    static let root = RepositoryPath(components: [])

    private init(components: [String]) {
        self.components = components
    }

    /// Accepts `plans/prod`, `./plans/prod/`, `plans/../plans/prod`; `""` and `.` are the root.
    init(_ raw: String) throws(GitError) {
        if raw.hasPrefix("/") {
            throw .invalidPath(raw, reason: "paths must be relative to the repository root")
        }
        if raw.contains("\0") {
            throw .invalidPath(raw, reason: "paths cannot contain NUL characters")
        }
        var components: [String] = []
        for component in raw.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".":
                continue
            case "..":
                guard !components.isEmpty else {
                    throw .invalidPath(raw, reason: "'..' leaves the repository")
                }
                components.removeLast()
            default:
                components.append(String(component))
            }
        }
        self.components = components
    }

    var isRoot: Bool { components.isEmpty }

    /// The path as git writes it: `plans/prod`, or `""` for the root.
    var string: String { components.joined(separator: "/") }

    /// Whether `path` (repository-relative, as libgit2 reports it) is this path or lies below it.
    func contains(_ path: String) -> Bool {
        isRoot || path == string || path.hasPrefix(string + "/")
    }
}
