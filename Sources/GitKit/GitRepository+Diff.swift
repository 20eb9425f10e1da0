import CLibGit2
import Foundation

extension GitRepository {
    /// The files that differ between the trees of `old` and `new`, sorted by path; with `folder`,
    /// only those at or below it. A renamed file shows as deleted plus added.
    package func changedFiles(
        from old: GitCommit, to new: GitCommit, under folder: String? = nil
    ) throws(GitError) -> [GitChange] {
        try changedFiles(from: old, to: .commit(new), under: folder)
    }

    /// The files that differ between the tree of `old` and `new` (a commit, or the working tree
    /// with its untracked files), sorted by path; with `folder`, only those at or below it.
    package func changedFiles(
        from old: GitCommit, to new: DiffTarget, under folder: String? = nil
    ) throws(GitError) -> [GitChange] {
        try withDiff(from: old, to: new, under: folder) { diff in
            deltas(of: diff).map(\.change)
        }
    }

    /// The files that differ, as `changedFiles(from:to:under:)` lists them, each with its
    /// bytes on both sides: as stored in git, and as they are on disk for the working tree.
    package func changedContents(
        from old: GitCommit, to new: DiffTarget, under folder: String? = nil
    ) throws(GitError) -> [GitContentChange] {
        try withDiff(from: old, to: new, under: folder) { diff throws(GitError) in
            var contents: [GitContentChange] = []
            for (change, delta) in deltas(of: diff) {
                let before = change.kind == .added ? nil : try content(of: delta.old_file)
                let after = change.kind == .deleted ? nil : try content(of: delta.new_file, in: new, at: change.path)
                contents.append(GitContentChange(change: change, old: before, new: after))
            }
            return contents
        }
    }

    /// A unified diff (the text `git diff old new -- folder` prints) of the trees of `old` and
    /// `new`, for showing what moving from one to the other changes. Empty when nothing does.
    package func diffText(
        from old: GitCommit, to new: GitCommit, under folder: String? = nil
    ) throws(GitError) -> String {
        try withDiff(from: old, to: .commit(new), under: folder) { diff throws(GitError) in
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

    /// The changes of a diff with the deltas they come from, sorted by path.
    private func deltas(of diff: OpaquePointer) -> [(change: GitChange, delta: git_diff_delta)] {
        (0..<git_diff_num_deltas(diff)).compactMap { index in
            git_diff_get_delta(diff, index).flatMap { delta in GitChange(delta.pointee).map { ($0, delta.pointee) } }
        }
        .sorted { $0.change.path < $1.change.path }
    }

    /// The new side's bytes: from git for a commit, from the disk for the working tree (whose
    /// files git has not stored, or not stored as they are now).
    private func content(of file: git_diff_file, in target: DiffTarget, at path: String) throws(GitError) -> Data? {
        if case .workingTree = target { return try workingTreeContent(of: file, at: path) }
        return try content(of: file)
    }

    /// The bytes of one side of a delta as git stores them; nil for a submodule, which is a
    /// commit of another repository and has no bytes here.
    private func content(of file: git_diff_file) throws(GitError) -> Data? {
        guard UInt32(file.mode) != GIT_FILEMODE_COMMIT.rawValue else { return nil }
        return try content(ofBlob: file.id)
    }

    /// The bytes of a working-tree file as git would store them: a symlink's target, not what
    /// it points to (it may point out of the repository).
    private func workingTreeContent(of file: git_diff_file, at path: String) throws(GitError) -> Data? {
        guard UInt32(file.mode) != GIT_FILEMODE_COMMIT.rawValue, let workdir else { return nil }
        let absolute = workdir + "/" + path
        do {
            if UInt32(file.mode) == GIT_FILEMODE_LINK.rawValue {
                return Data(try FileManager.default.destinationOfSymbolicLink(atPath: absolute).utf8)
            }
            return try Data(contentsOf: URL(fileURLWithPath: absolute))
        } catch {
            throw .unreadableFile(path: absolute, detail: error.localizedDescription)
        }
    }

    /// Runs `body` with the diff of `old`'s tree against `new`, limited to `folder`.
    private func withDiff<T>(
        from old: GitCommit, to new: DiffTarget, under folder: String?,
        _ body: (OpaquePointer) throws(GitError) -> T
    ) throws(GitError) -> T {
        let scope = try folder.map { path throws(GitError) in try RepositoryPath(path) } ?? .root
        var options = git_diff_options()
        try LibGit2.check(git_diff_options_init(&options, UInt32(GIT_DIFF_OPTIONS_VERSION)), "preparing a diff")
        // A literal path, not a glob; libgit2 still matches everything below a folder.
        options.flags |= GIT_DIFF_DISABLE_PATHSPEC_MATCH.rawValue
        return try withRootTree(of: old) { oldTree throws(GitError) in
            try withPathspec(scope, in: &options) { options throws(GitError) in
                let diff = try makeDiff(from: oldTree, to: new, label: old.label, options: &options)
                defer { git_diff_free(diff) }
                return try body(diff)
            }
        }
    }

    private func makeDiff(
        from oldTree: OpaquePointer, to new: DiffTarget, label: String, options: inout git_diff_options
    ) throws(GitError) -> OpaquePointer {
        switch new {
        case .commit(let commit):
            return try withRootTree(of: commit) { newTree throws(GitError) in
                try LibGit2.make("comparing \(label) with \(commit.label)") {
                    git_diff_tree_to_tree(&$0, handle, oldTree, newTree, &options)
                }
            }
        case .workingTree:
            guard !isBare else { throw .bareRepository(operation: "compare with the working tree") }
            // New files count before they are added, as a run from the working tree reads them.
            options.flags |= GIT_DIFF_INCLUDE_UNTRACKED.rawValue | GIT_DIFF_RECURSE_UNTRACKED_DIRS.rawValue
            return try LibGit2.make("comparing \(label) with the working tree") {
                git_diff_tree_to_workdir_with_index(&$0, handle, oldTree, &options)
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
    /// Nil for delta kinds a diff without rename detection, ignored files or unreadable files
    /// does not produce. An untracked file is an added one.
    init?(_ delta: git_diff_delta) {
        let kind: Kind
        switch delta.status {
        case GIT_DELTA_ADDED, GIT_DELTA_UNTRACKED: kind = .added
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
