import CLibGit2
import Foundation

extension GitRepository {
    /// Writes `folder` as it is in `commit` (files with their executable bit, subfolders and
    /// symlinks that stay inside the folder) into `destination`, which must be missing or empty.
    ///
    /// Everything is checked before anything is written: an escaping symlink or a submodule
    /// leaves `destination` untouched. A file-system failure while writing can leave part of the
    /// folder behind, so write into a fresh temporary folder. `""` or `.` is the whole repository.
    package func materialize(
        folder: String, at commit: GitCommit, into destination: String
    ) throws(GitError) {
        let folder = try RepositoryPath(folder)
        let snapshot = try snapshot(ofTree: try treeID(of: folder, at: commit), folder: folder, at: commit)
        let resolver = SymlinkResolver(links: snapshot.symlinks)
        for (path, item) in snapshot.items {
            if case .symlink(let target) = item, !resolver.staysInside(link: path) {
                let shown = (folder.components + path).joined(separator: "/")
                throw .unsafeSymlink(path: shown, target: target, at: commit.label)
            }
        }
        try prepareEmptyFolder(destination)
        let root = URL(fileURLWithPath: destination, isDirectory: true)
        // Links last, so that no file is ever written through one.
        for (path, item) in snapshot.items where !item.isSymlink {
            try write(item, to: path.reduce(root) { $0.appendingPathComponent($1) })
        }
        for (path, item) in snapshot.items where item.isSymlink {
            try write(item, to: path.reduce(root) { $0.appendingPathComponent($1) })
        }
    }

    /// The id of the tree at `folder` in `commit`.
    private func treeID(of folder: RepositoryPath, at commit: GitCommit) throws(GitError) -> git_oid {
        if folder.isRoot {
            return try withCommit(commit) { pointer throws(GitError) in
                guard let id = git_commit_tree_id(pointer) else {
                    throw .libgit2(
                        operation: "reading the tree of \(commit.label)", code: -1, message: "no tree id")
                }
                return id.pointee
            }
        }
        guard let entry = try entry(at: folder, in: commit) else {
            throw .pathNotFound(path: folder.string, at: commit.label)
        }
        guard entry.kind == .folder else {
            throw .wrongEntryKind(path: folder.string, at: commit.label, expected: "a folder")
        }
        return entry.id
    }

    private func prepareEmptyFolder(_ path: String) throws(GitError) {
        let files = FileManager.default
        var isFolder: ObjCBool = false
        let exists = files.fileExists(atPath: path, isDirectory: &isFolder)
        if exists, !isFolder.boolValue {
            throw .fileSystem(path: path, detail: "it exists and is not a folder")
        }
        let contents: [String]
        do {
            if !exists { try files.createDirectory(atPath: path, withIntermediateDirectories: true) }
            contents = try files.contentsOfDirectory(atPath: path)
        } catch {
            throw .fileSystem(path: path, detail: error.localizedDescription)
        }
        guard contents.isEmpty else { throw .destinationNotEmpty(path) }
    }

    private func write(_ item: FolderSnapshot.Item, to url: URL) throws(GitError) {
        let files = FileManager.default
        do {
            switch item {
            case .folder:
                try files.createDirectory(at: url, withIntermediateDirectories: false)
            case .file(let id, let executable):
                // .withoutOverwriting: fail rather than write into anything already there.
                try content(ofBlob: id).write(to: url, options: .withoutOverwriting)
                try files.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: url.path)
            case .symlink(let target):
                try files.createSymbolicLink(atPath: url.path, withDestinationPath: target)
            }
        } catch let error as GitError {
            throw error
        } catch {
            throw .fileSystem(path: url.path, detail: error.localizedDescription)
        }
    }
}

extension FolderSnapshot.Item {
    fileprivate var isSymlink: Bool {
        if case .symlink = self { return true }
        return false
    }
}
