import CLibGit2

/// Everything below one folder of a commit, listed before anything is written so that a bad
/// entry (an escaping symlink, a submodule) stops a materialization before it starts.
struct FolderSnapshot {
    enum Item {
        case folder
        case file(id: git_oid, executable: Bool)
        case symlink(target: String)
    }

    /// Paths relative to the folder, each parent listed before its children.
    private(set) var items: [(path: [String], item: Item)] = []

    /// Symlink targets by folder-relative path, for ``SymlinkResolver``.
    var symlinks: [String: String] {
        var links: [String: String] = [:]
        for (path, item) in items {
            if case .symlink(let target) = item { links[path.joined(separator: "/")] = target }
        }
        return links
    }

    fileprivate mutating func append(_ item: Item, at path: [String]) {
        items.append((path, item))
    }
}

extension GitRepository {
    /// Lists the tree `id` (the folder `folder` of `commit`) recursively.
    func snapshot(
        ofTree id: git_oid, folder: RepositoryPath, at commit: GitCommit
    ) throws(GitError) -> FolderSnapshot {
        var snapshot = FolderSnapshot()
        try addEntries(ofTree: id, under: [], to: &snapshot, folder: folder, commit: commit)
        return snapshot
    }

    private func addEntries(
        ofTree id: git_oid, under parent: [String], to snapshot: inout FolderSnapshot,
        folder: RepositoryPath, commit: GitCommit
    ) throws(GitError) {
        for entry in try entries(ofTree: id) {
            let path = parent + [entry.name]
            let shown = (folder.components + path).joined(separator: "/")
            // git itself never stores such names; a crafted tree could, to write outside the folder.
            guard !["", ".", ".."].contains(entry.name), !entry.name.contains("/") else {
                throw .unsupportedEntry(path: shown, at: commit.label, reason: "unsafe entry name")
            }
            switch entry.kind {
            case .folder:
                snapshot.append(.folder, at: path)
                try addEntries(ofTree: entry.id, under: path, to: &snapshot, folder: folder, commit: commit)
            case .file(let executable):
                snapshot.append(.file(id: entry.id, executable: executable), at: path)
            case .symlink:
                let target = String(decoding: try content(ofBlob: entry.id), as: UTF8.self)
                snapshot.append(.symlink(target: target), at: path)
            case .submodule:
                throw .unsupportedEntry(path: shown, at: commit.label, reason: "it is a submodule")
            case .unknown(let mode):
                throw .unsupportedEntry(
                    path: shown, at: commit.label, reason: "unknown file mode \(String(mode, radix: 8))")
            }
        }
    }
}
