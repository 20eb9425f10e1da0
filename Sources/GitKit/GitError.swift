/// Everything GitKit can fail with, each case naming what the user asked for (path, revision)
/// and, where libgit2 said something, libgit2's own message.
package enum GitError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No repository contains `path` (checked upwards like `git` does).
    case notARepository(path: String, detail: String)
    /// The revision names no object; `shallow` tells whether the repository is a shallow clone.
    case unknownRevision(String, shallow: Bool, detail: String)
    /// A short sha matches several objects.
    case ambiguousRevision(String, detail: String)
    /// The revision names an object that does not peel to a commit (a tree or a blob).
    case notACommit(String, detail: String)
    /// Neither a local branch nor `origin/<name>` exists.
    case unknownBranch(String)
    /// A caller-supplied path is absolute, escapes the repository root or is otherwise unusable.
    case invalidPath(String, reason: String)
    /// `path` does not exist in the commit's tree; `at` reads "main (1a2b3c4)".
    case pathNotFound(path: String, at: String)
    /// `path` exists in the commit's tree but is not of the kind the operation needs.
    case wrongEntryKind(path: String, at: String, expected: String)
    /// A symlink in a folder being materialized points outside that folder.
    case unsafeSymlink(path: String, target: String, at: String)
    /// A tree entry GitKit will not write, such as a submodule.
    case unsupportedEntry(path: String, at: String, reason: String)
    /// The operation needs a working tree and the repository is bare.
    case bareRepository(operation: String)
    /// The destination of a materialization already holds files.
    case destinationNotEmpty(String)
    /// Writing to the local file system failed.
    case fileSystem(path: String, detail: String)
    /// A working-tree file being compared could not be read.
    case unreadableFile(path: String, detail: String)
    /// Any other libgit2 failure: what was being done, libgit2's error code and message.
    case libgit2(operation: String, code: Int32, message: String)

    package var description: String {
        var text = message
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }

    /// What to do about it, when there is something better to say than the message.
    package var hint: String? {
        switch self {
        case .unknownRevision(_, shallow: true, _):
            "this is a shallow clone and the commit may be missing from it; run `git fetch --unshallow`"
        case .unsafeSymlink:
            "only symlinks that stay inside the materialized folder are allowed"
        default:
            nil
        }
    }

    /// What went wrong, without the hint.
    package var message: String {
        switch self {
        case .notARepository(let path, let detail):
            "not a git repository (or any parent up to the root): \(path) (\(detail))"
        case .unknownRevision(let revision, _, let detail):
            "unknown revision '\(revision)' (\(detail))"
        case .ambiguousRevision(let revision, let detail):
            "ambiguous revision '\(revision)': use more digits of the sha (\(detail))"
        case .notACommit(let revision, let detail):
            "revision '\(revision)' does not name a commit (\(detail))"
        case .unknownBranch(let name):
            "no branch '\(name)' (neither local nor origin/\(name))"
        case .invalidPath(let path, let reason):
            "invalid path '\(path)': \(reason)"
        case .pathNotFound(let path, let at):
            "path \(path) does not exist at \(at)"
        case .wrongEntryKind(let path, let at, let expected):
            "path \(path) at \(at) is not \(expected)"
        case .unsafeSymlink(let path, let target, let at):
            "symlink \(path) at \(at) points outside the materialized folder (-> \(target))"
        case .unsupportedEntry(let path, let at, let reason):
            "cannot materialize \(path) at \(at): \(reason)"
        case .bareRepository(let operation):
            "cannot \(operation): the repository is bare (it has no working tree)"
        case .destinationNotEmpty(let path):
            "destination \(path) is not empty"
        case .fileSystem(let path, let detail):
            "cannot write \(path): \(detail)"
        case .unreadableFile(let path, let detail):
            "cannot read \(path): \(detail)"
        case .libgit2(let operation, let code, let message):
            "\(operation) failed: \(message) (libgit2 error \(code))"
        }
    }
}
