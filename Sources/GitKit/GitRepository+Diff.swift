import CLibGit2
import Foundation

extension GitRepository {
    /// The files that differ between the trees of `old` and `new`, sorted by path; with `folder`,
    /// only those at or below it. A renamed file shows as deleted plus added.
    public func changedFiles(
        from old: GitCommit, to new: GitCommit, under folder: String? = nil
    ) throws(GitError) -> [GitChange] {
        try withDiff(from: old, to: new, under: folder) { diff in
            (0..<git_diff_num_deltas(diff)).compactMap { index in
                git_diff_get_delta(diff, index).flatMap { GitChange($0.pointee) }
            }
            .sorted { $0.path < $1.path }
        }
    }

    /// A unified diff (the text `git diff old new -- folder` prints) of the trees of `old` and
    /// `new`, for showing what moving from one to the other changes. Empty when nothing does.
    public func diffText(
        from old: GitCommit, to new: GitCommit, under folder: String? = nil
    ) throws(GitError) -> String {
        try withDiff(from: old, to: new, under: folder) { diff throws(GitError) in
            var output = Data()
            let code = withUnsafeMutablePointer(to: &output) { output in
                git_diff_print(diff, GIT_DIFF_FORMAT_PATCH, { _, _, line, payload in
                    guard let line, let payload else { return 0 }
                    payload.assumingMemoryBound(to: Data.self).pointee.append(line.pointee)
                    return 0
                }, output)
            }
            try LibGit2.check(code, "printing the diff from \(old.label) to \(new.label)")
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// Runs `body` with the tree-to-tree diff of the two commits, limited to `folder`.
    private func withDiff<T>(
        from old: GitCommit, to new: GitCommit, under folder: String?,
        _ body: (OpaquePointer) throws(GitError) -> T
    ) throws(GitError) -> T {
        let scope = try folder.map { path throws(GitError) in try RepositoryPath(path) } ?? .root
        var options = git_diff_options()
        try LibGit2.check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "preparing a diff")
        // A literal path, not a glob; libgit2 still matches everything below a folder.
        options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
        return try withRootTree(of: old) { oldTree throws(GitError) in
            try withRootTree(of: new) { newTree throws(GitError) in
                try withPathspec(scope, in: &options) { options throws(GitError) in
                    let diff = try LibGit2.make("comparing \(old.label) with \(new.label)") {
                        git_diff_tree_to_tree(&$0, handle, oldTree, newTree, &options)
                    }
                    defer { git_diff_free(diff) }
                    return try body(diff)
                }
            }
        }
    }

    /// Sets `options.pathspec` to `scope` for the duration of `body`; the root needs no pathspec.
    private func withPathspec<T>(
        _ scope: RepositoryPath, in options: inout git_diff_options,
        _ body: (inout git_diff_options) throws(GitError) -> T
    ) throws(GitError) -> T {
        guard !scope.isRoot else { return try body(&options) }
        let path = strdup(scope.string)
        defer { free(path) }
        var strings: [UnsafeMutablePointer<CChar>?] = [path]
        return try strings.withUnsafeMutableBufferPointer { buffer throws(GitError) in
            options.pathspec = git_strarray(strings: buffer.baseAddress, count: 1)
            defer { options.pathspec = git_strarray() }
            return try body(&options)
        }
    }
}

extension GitChange {
    /// Nil for delta kinds a tree-to-tree diff without rename detection does not produce.
    init?(_ delta: git_diff_delta) {
        let kind: Kind
        switch delta.status {
        case GIT_DELTA_ADDED: kind = .added
        case GIT_DELTA_DELETED: kind = .deleted
        case GIT_DELTA_MODIFIED, GIT_DELTA_TYPECHANGE: kind = .modified
        default: return nil
        }
        let file = kind == .deleted ? delta.old_file : delta.new_file
        guard let path = file.path else { return nil }
        self.init(path: String(cString: path), kind: kind)
    }
}

extension Data {
    /// Appends one line of `git_diff_print` output; content lines carry their `+`, `-` or space
    /// in `origin` rather than in the text.
    fileprivate mutating func append(_ line: git_diff_line) {
        let origin = UInt8(bitPattern: line.origin)
        if [GIT_DIFF_LINE_CONTEXT, GIT_DIFF_LINE_ADDITION, GIT_DIFF_LINE_DELETION].contains(where: {
            $0.rawValue == UInt32(origin)
        }) {
            append(origin)
        }
        if let content = line.content {
            content.withMemoryRebound(to: UInt8.self, capacity: line.content_len) {
                append($0, count: line.content_len)
            }
        }
    }
}
