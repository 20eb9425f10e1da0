import CLibGit2

/// The process-wide libgit2 setup and the translation of its return codes into ``GitError``.
enum LibGit2 {
    /// libgit2 must be initialized before any other call. A global `let` runs its initializer
    /// exactly once, thread-safely; there is no matching shutdown because repositories may live
    /// until the process exits.
    private static let initialized: Int32 = git_libgit2_init()

    static func ensureInitialized() {
        _ = initialized
    }

    /// libgit2's message for the last failure on this thread (its error state is thread-local).
    static func lastErrorMessage() -> String {
        guard let error = git_error_last(), let message = error.pointee.message else {
            return "no details from libgit2"
        }
        return String(cString: message)
    }

    /// Throws a ``GitError/libgit2(operation:code:message:)`` when `code` reports a failure.
    static func check(_ code: Int32, _ operation: @autoclosure () -> String) throws(GitError) {
        guard code < 0 else { return }
        throw .libgit2(operation: operation(), code: code, message: lastErrorMessage())
    }

    /// Runs a libgit2 constructor (`git_x_lookup(&out, …)`) and returns the object it made.
    /// The caller owns the result and must free it.
    static func make(
        _ operation: @autoclosure () -> String,
        _ call: (inout OpaquePointer?) -> Int32
    ) throws(GitError) -> OpaquePointer {
        var object: OpaquePointer?
        let code = call(&object)
        try check(code, operation())
        guard let object else {
            throw .libgit2(operation: operation(), code: code, message: "libgit2 returned no object")
        }
        return object
    }
}
