import CLibGit2

extension GitRepository {
    /// Files that differ from HEAD in the index or the working tree (modified, added, deleted,
    /// renamed, untracked, conflicted), as repository-relative paths, sorted. Ignored files are
    /// left out. With `folder`, only files at or below it are listed.
    package func modifiedFiles(under folder: String? = nil) throws(GitError) -> [String] {
        let scope = try folder.map { path throws(GitError) in try RepositoryPath(path) } ?? .root
        guard !isBare else { throw .bareRepository(operation: "list modified files") }
        var options = git_status_options()
        try LibGit2.check(
            git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)), "preparing a status")
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        // Untracked folders are listed file by file, as `git status --untracked-files=all` does.
        options.flags = GIT_STATUS_OPT_INCLUDE_UNTRACKED.rawValue
            | GIT_STATUS_OPT_RECURSE_UNTRACKED_DIRS.rawValue
        let list = try LibGit2.make("reading the working-tree status") {
            git_status_list_new(&$0, handle, &options)
        }
        defer { git_status_list_free(list) }
        var paths = Set<String>()
        for index in 0..<git_status_list_entrycount(list) {
            guard let entry = git_status_byindex(list, index)?.pointee else { continue }
            for delta in [entry.head_to_index, entry.index_to_workdir].compactMap(\.self) {
                for file in [delta.pointee.old_file, delta.pointee.new_file] {
                    if let path = file.path.map({ String(cString: $0) }), scope.contains(path) {
                        paths.insert(path)
                    }
                }
            }
        }
        return paths.sorted()
    }
}
