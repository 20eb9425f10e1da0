import CLibGit2
import Foundation

/// The libgit2 lookups behind reading a commit's files; every object is freed before returning.
extension GitRepository {
    /// The entry at `path` in `commit`'s tree, or nil when there is none.
    func entry(at path: RepositoryPath, in commit: GitCommit) throws(GitError) -> TreeEntry? {
        try withRootTree(of: commit) { tree throws(GitError) in
            var entry: OpaquePointer?
            let code = git_tree_entry_bypath(&entry, tree, path.string)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            try LibGit2.check(code, "looking up \(path.string) at \(commit.label)")
            guard let entry else { return nil }
            defer { git_tree_entry_free(entry) }
            return TreeEntry(entry)
        }
    }

    /// The entries directly inside the tree `id`.
    func entries(ofTree id: git_oid) throws(GitError) -> [TreeEntry] {
        var id = id
        let tree = try LibGit2.make("reading a tree") { git_tree_lookup(&$0, handle, &id) }
        defer { git_tree_free(tree) }
        return (0..<git_tree_entrycount(tree)).compactMap { index in
            git_tree_entry_byindex(tree, index).map(TreeEntry.init)
        }
    }

    /// The bytes of blob `id` exactly as stored in git (no filters: an LFS pointer stays a pointer).
    func content(ofBlob id: git_oid) throws(GitError) -> Data {
        var id = id
        let blob = try LibGit2.make("reading a blob") { git_blob_lookup(&$0, handle, &id) }
        defer { git_blob_free(blob) }
        guard let bytes = git_blob_rawcontent(blob) else { return Data() }
        return Data(bytes: bytes, count: Int(git_blob_rawsize(blob)))
    }

    /// Runs `body` with the root tree of `commit`, freeing it afterwards.
    func withRootTree<T>(
        of commit: GitCommit, _ body: (OpaquePointer) throws(GitError) -> T
    ) throws(GitError) -> T {
        try withCommit(commit) { pointer throws(GitError) in
            let tree = try LibGit2.make("reading the tree of \(commit.label)") { git_commit_tree(&$0, pointer) }
            defer { git_tree_free(tree) }
            return try body(tree)
        }
    }
}
