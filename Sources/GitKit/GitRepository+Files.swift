import Foundation

extension GitRepository {
    /// True when `path` names a regular file in `commit`'s tree, that is when ``readFile(_:at:)``
    /// would succeed. Folders, symlinks and submodules are not files.
    package func fileExists(_ path: String, at commit: GitCommit) throws(GitError) -> Bool {
        let path = try RepositoryPath(path)
        guard !path.isRoot, let entry = try entry(at: path, in: commit) else { return false }
        if case .file = entry.kind { return true }
        return false
    }

    /// The content of the regular file at `path` in `commit`'s tree, as stored in git.
    package func readFile(_ rawPath: String, at commit: GitCommit) throws(GitError) -> Data {
        let path = try RepositoryPath(rawPath)
        guard !path.isRoot else {
            throw .invalidPath(rawPath, reason: "names the repository root, not a file")
        }
        guard let entry = try entry(at: path, in: commit) else {
            throw .pathNotFound(path: path.string, at: commit.label)
        }
        guard case .file = entry.kind else {
            throw .wrongEntryKind(path: path.string, at: commit.label, expected: "a regular file")
        }
        return try content(ofBlob: entry.id)
    }
}

extension GitRepository {
    /// True when `path` names a folder (a tree) in `commit`'s tree; the root always exists.
    package func folderExists(_ path: String, at commit: GitCommit) throws(GitError) -> Bool {
        let path = try RepositoryPath(path)
        guard !path.isRoot else { return true }
        guard let entry = try entry(at: path, in: commit) else { return false }
        if case .folder = entry.kind { return true }
        return false
    }
}
