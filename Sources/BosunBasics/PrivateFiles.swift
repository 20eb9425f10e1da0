import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Files and folders only their owner may read: the state folder holds journals, logs and
/// kubeconfigs, which name what was deployed where and may carry credentials.
package enum PrivateFiles {
    /// `mkdir -p`, each folder it creates owner-only (0700); existing ones are left as they are.
    package static func createFolder(_ path: String) throws {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue { return }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try createFolder(parent) }
        guard mkdir(path, 0o700) == 0 || errno == EEXIST else { throw POSIXError(errno, path: path) }
    }

    /// The state folder, made owner-only: created so, or tightened when it is a Bosun state
    /// folder of this user already (never a shared folder such as /tmp, or one Bosun did not make).
    package static func secureStateFolder(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else {
            try createFolder(path)
            return ignoreInGit(path)
        }
        let isBosuns = (path as NSString).lastPathComponent == ".bosun"
            || ["runs", "sandbox", "locks"].contains { FileManager.default.fileExists(atPath: path + "/" + $0) }
        guard isBosuns else { return }
        for folder in [path] + ["runs", "sandbox", "locks"].map({ path + "/" + $0 }) { tighten(folder) }
        ignoreInGit(path)
    }

    /// A `.gitignore` of `*` in the state folder: it usually sits at the root of the user's
    /// repository, and without it every journal would show as an untracked local change (and git
    /// status would walk every run's workspace copy). Best effort: the folder works without it.
    private static func ignoreInGit(_ folder: String) {
        let file = folder + "/.gitignore"
        guard !FileManager.default.fileExists(atPath: file) else { return }
        try? write(Array("# Bosun's run journals and sandbox: local state, never committed.\n*\n".utf8), to: file)
    }

    private static func tighten(_ folder: String) {
        var info = stat()
        guard stat(folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_mode & S_ISVTX == 0,
              info.st_uid == getuid(), info.st_mode & 0o077 != 0 else { return }
        _ = chmod(folder, 0o700)
    }

    /// Replaces `path` with `bytes` at once (a temporary file renamed over it), owner-only (0600).
    package static func write(_ bytes: some Collection<UInt8>, to path: String) throws {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw POSIXError(errno, path: temporary) }
        var failure = FullWrite.write(Array(bytes), to: fd)
        if close(fd) != 0 && failure == 0 { failure = errno }
        guard failure == 0, rename(temporary, path) == 0 else {
            let code = failure != 0 ? failure : errno
            unlink(temporary)
            throw POSIXError(code, path: path)
        }
    }
}

extension POSIXError {
    /// The error of a failed system call on `path` (the path is kept for the message).
    init(_ code: Int32, path: String) {
        self.init(POSIXErrorCode(rawValue: code) ?? .EIO, userInfo: [NSFilePathErrorKey: path])
    }
}
