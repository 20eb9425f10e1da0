import CLibGit2
import Foundation

extension GitRepository {
    /// Resolves any revision git understands to a commit: a full or short sha, a tag (annotated
    /// or lightweight), a branch, `HEAD`, `HEAD~2`, `main^`.
    package func resolveCommit(_ revision: String) throws(GitError) -> GitCommit {
        let object = try parseRevision(revision)
        defer { git_object_free(object) }
        var peeled: OpaquePointer?
        let code = git_object_peel(&peeled, object, GIT_OBJECT_COMMIT)
        guard code >= 0, let peeled else {
            throw .notACommit(revision, detail: LibGit2.lastErrorMessage())
        }
        defer { git_object_free(peeled) }
        return Self.commit(peeled, revision: revision)
    }

    /// The commit at the tip of branch `name`: the local branch, or else `origin/<name>`
    /// (a fresh CI clone often has only the remote-tracking branch).
    package func branchTip(_ name: String) throws(GitError) -> GitCommit {
        for (branch, type) in [(name, GIT_BRANCH_LOCAL), ("origin/\(name)", GIT_BRANCH_REMOTE)] {
            var reference: OpaquePointer?
            let code = git_branch_lookup(&reference, handle, branch, type)
            guard code >= 0, let reference else {
                if code == GIT_ENOTFOUND.rawValue || code == GIT_EINVALIDSPEC.rawValue { continue }
                throw .libgit2(
                    operation: "looking up branch \(branch)", code: code, message: LibGit2.lastErrorMessage())
            }
            defer { git_reference_free(reference) }
            let commit = try LibGit2.make("peeling branch \(branch) to a commit") {
                git_reference_peel(&$0, reference, GIT_OBJECT_COMMIT)
            }
            defer { git_object_free(commit) }
            return Self.commit(commit, revision: branch)
        }
        throw .unknownBranch(name)
    }

    /// The commit HEAD points to; nil when HEAD is unborn (a repository without commits yet).
    package func headCommit() throws(GitError) -> GitCommit? {
        let unborn = git_repository_head_unborn(handle)
        try LibGit2.check(unborn, "reading HEAD")
        return unborn == 1 ? nil : try resolveCommit("HEAD")
    }

    /// True when `ancestor` is reachable from `descendant` by following parents, or both name
    /// the same commit; the same answer as `git merge-base --is-ancestor`.
    package func isAncestor(_ ancestor: String, of descendant: String) throws(GitError) -> Bool {
        let ancestorCommit = try resolveCommit(ancestor)
        let descendantCommit = try resolveCommit(descendant)
        if ancestorCommit == descendantCommit { return true }
        var ancestorID = try ObjectID.parse(ancestorCommit.id)
        var descendantID = try ObjectID.parse(descendantCommit.id)
        let result = git_graph_descendant_of(handle, &descendantID, &ancestorID)
        try LibGit2.check(
            result, "checking whether \(ancestorCommit.label) is an ancestor of \(descendantCommit.label)")
        return result == 1
    }

    /// Runs `body` with the libgit2 commit for `commit`, freeing it afterwards.
    func withCommit<T>(
        _ commit: GitCommit, _ body: (OpaquePointer) throws(GitError) -> T
    ) throws(GitError) -> T {
        var oid = try ObjectID.parse(commit.id)
        var pointer: OpaquePointer?
        let code = git_commit_lookup(&pointer, handle, &oid)
        guard code >= 0, let pointer else {
            let detail = LibGit2.lastErrorMessage()
            if code == GIT_ENOTFOUND.rawValue {
                throw .unknownRevision(commit.id, shallow: isShallow, detail: detail)
            }
            throw .libgit2(operation: "reading commit \(commit.label)", code: code, message: detail)
        }
        defer { git_commit_free(pointer) }
        return try body(pointer)
    }

    private func parseRevision(_ revision: String) throws(GitError) -> OpaquePointer {
        var object: OpaquePointer?
        let code = git_revparse_single(&object, handle, revision)
        if code >= 0, let object { return object }
        let detail = LibGit2.lastErrorMessage()
        switch code {
        case GIT_EAMBIGUOUS.rawValue:
            throw .ambiguousRevision(revision, detail: detail)
        case GIT_ENOTFOUND.rawValue, GIT_EINVALIDSPEC.rawValue:
            throw .unknownRevision(revision, shallow: isShallow, detail: detail)
        default:
            throw .libgit2(operation: "resolving revision '\(revision)'", code: code, message: detail)
        }
    }

    /// Copies what GitKit exposes out of a libgit2 commit, which stays owned by the caller.
    private static func commit(_ pointer: OpaquePointer, revision: String) -> GitCommit {
        let summary = git_commit_summary(pointer).map { String(cString: $0) } ?? ""
        var author = GitIdentity(name: "", email: "")
        var time = Date(timeIntervalSince1970: TimeInterval(git_commit_time(pointer)))
        if let signature = git_commit_author(pointer) {
            author = GitIdentity(signature.pointee)
            time = Date(timeIntervalSince1970: TimeInterval(signature.pointee.when.time))
        }
        let id = git_commit_id(pointer).map(ObjectID.hex) ?? ""
        return GitCommit(id: id, revision: revision, summary: summary, author: author, time: time)
    }
}

extension GitIdentity {
    init(_ signature: git_signature) {
        self.init(
            name: signature.name.map { String(cString: $0) } ?? "",
            email: signature.email.map { String(cString: $0) } ?? ""
        )
    }
}
