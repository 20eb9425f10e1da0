import CLibGit2

/// An open git repository: the entry point for resolving revisions and reading commits.
///
/// Not `Sendable`: a libgit2 repository handle must not be used from two threads at once, so a
/// `GitRepository` stays in the task or thread that opened it. Open another one where needed;
/// the values it returns (``GitCommit``, ``GitChange``, ``GitError``) are all `Sendable`.
package final class GitRepository {
    /// The `git_repository*` this object owns; freed exactly once, in `deinit`.
    let handle: OpaquePointer

    private init(handle: OpaquePointer) {
        self.handle = handle
    }

    deinit {
        git_repository_free(handle)
    }

    /// Opens the repository containing `path`, looking in `path` and then in each parent folder,
    /// as `git` does.
    package static func open(discoveringFrom path: String) throws(GitError) -> GitRepository {
        LibGit2.ensureInitialized()
        var repository: OpaquePointer?
        let code = git_repository_open_ext(&repository, path, 0, nil)
        if code == GIT_ENOTFOUND.rawValue {
            throw .notARepository(path: path, detail: LibGit2.lastErrorMessage())
        }
        try LibGit2.check(code, "opening the repository at \(path)")
        guard let repository else {
            throw .libgit2(operation: "opening the repository at \(path)", code: code, message: "no repository")
        }
        return GitRepository(handle: repository)
    }

    /// The root of the working tree, without a trailing slash; nil for a bare repository.
    package var workdir: String? {
        guard let path = git_repository_workdir(handle) else { return nil }
        let text = String(cString: path)
        return text.count > 1 && text.hasSuffix("/") ? String(text.dropLast()) : text
    }

    /// True for a bare repository (one without a working tree).
    package var isBare: Bool { git_repository_is_bare(handle) == 1 }

    /// True for a shallow clone, whose history stops early and may lack the commit asked for.
    package var isShallow: Bool { git_repository_is_shallow(handle) == 1 }
}
