import CLibGit2

/// One entry of a git tree, copied out of libgit2 so that it outlives the tree it came from.
struct TreeEntry {
    enum Kind: Equatable {
        case file(executable: Bool)
        case symlink
        case folder
        case submodule
        case unknown(mode: UInt32)
    }

    let name: String
    let kind: Kind
    let id: git_oid

    /// Copies a `git_tree_entry*`, which stays owned by the caller.
    init(_ entry: OpaquePointer) {
        name = git_tree_entry_name(entry).map { String(cString: $0) } ?? ""
        id = git_tree_entry_id(entry).map(\.pointee) ?? git_oid()
        kind = switch git_tree_entry_filemode(entry) {
        case GIT_FILEMODE_TREE: .folder
        case GIT_FILEMODE_BLOB: .file(executable: false)
        case GIT_FILEMODE_BLOB_EXECUTABLE: .file(executable: true)
        case GIT_FILEMODE_LINK: .symlink
        case GIT_FILEMODE_COMMIT: .submodule
        case let mode: .unknown(mode: mode.rawValue)
        }
    }
}
