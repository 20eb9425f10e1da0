import CLibGit2

extension GitRepository {
    /// The user from git config (`user.name`, `user.email`, repository config first, then the
    /// global and system files); nil when either is not set.
    package func defaultSignature() throws(GitError) -> GitIdentity? {
        var signature: UnsafeMutablePointer<git_signature>?
        let code = git_signature_default(&signature, handle)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try LibGit2.check(code, "reading user.name and user.email from git config")
        guard let signature else { return nil }
        defer { git_signature_free(signature) }
        return GitIdentity(signature.pointee)
    }
}
