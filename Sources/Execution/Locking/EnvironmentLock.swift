import BosunBasics
import Crypto
import Foundation
import PlanModel
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Keeps two `bosun apply` runs from working on the same environment at once, on this machine:
/// an exclusive `flock` on a lock file named after the plan file (its real path) and the
/// environment, holding a description of the holder. The lock follows the plan, not the state
/// folder: runs started from two folders, or with two `--state-dir`, still exclude each other.
/// The kernel releases it when the holder exits, however it exits (even `kill -9`), so a local
/// lock is never stale and needs no forced unlock.
///
/// The lock files live in ``folder``: `$BOSUN_LOCK_DIR`, or `/tmp/bosun-<uid>/locks`, one place
/// per user and machine whatever the shell's environment (a CI job and a login shell agree).
package final class EnvironmentLock: Sendable {
    /// Who holds a lock, as written into the lock file.
    struct Holder: Codable, Sendable, Hashable {
        var runID: String
        var pid: Int32
        var user: String
        var host: String
        var since: Date
        /// Where the holder journals its run (nil in locks written before 2026-12).
        var stateDir: String?
        var planFile: String?
    }

    package let path: String
    private let descriptor: Int32
    private let released = Atomic(false)

    /// The folder of this user's lock files.
    package static var folder: String {
        if let folder = ProcessEnvironment.value("BOSUN_LOCK_DIR"), !folder.isEmpty { return folder }
        return "/tmp/bosun-\(getuid())/locks"
    }

    /// Takes the lock of `planFile` on `environment` or throws ``EnvironmentLockError/held``
    /// naming the holder.
    init(planFile: String, planName: String, environment: String, runID: String, stateDir: String) throws(EnvironmentLockError) {
        let folder = Self.folder
        let identity = Self.identity(of: planFile)
        path = folder + "/\(Self.fileName(planName)).\(Self.fileName(environment)).\(Self.digest(identity, environment)).lock"
        try Self.prepare(folder)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
        guard descriptor >= 0 else { throw .unusable(path: path, reason: String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.readHolder(descriptor)
            close(descriptor)
            throw .held(path: path, environment: environment, holder: holder)
        }
        self.descriptor = descriptor
        let holder = Holder(
            runID: runID, pid: getpid(), user: ProcessEnvironment.value("USER") ?? "\(getuid())",
            host: ProcessInfo.processInfo.hostName, since: Date(), stateDir: stateDir, planFile: identity)
        Self.writeHolder(holder, to: descriptor)
    }

    /// Runs `body` holding the lock of `planFile` on `environment`, and releases it when `body`
    /// returns or throws; throws ``EnvironmentLockError/held`` naming the holder when it is taken.
    package static func holding<Result>(
        planFile: String, planName: String, environment: String, runID: String, stateDir: String,
        _ body: () async throws -> Result
    ) async throws -> Result {
        let lock = try EnvironmentLock(planFile: planFile, planName: planName, environment: environment, runID: runID, stateDir: stateDir)
        defer { lock.release() }
        return try await body()
    }

    /// Gives the lock up (once; later calls do nothing). The kernel does it too when the process
    /// exits, however it exits.
    package func release() {
        guard !released.exchange(true, ordering: .acquiringAndReleasing) else { return }
        ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    deinit { release() }

    /// The readable part of the lock's name (the digest after it makes the name unique), named
    /// as step files are, so Bosun has one rule for turning text into a file name.
    private static func fileName(_ text: String) -> String {
        StepFileName.of(String(text.prefix(60)))
    }

    /// The plan file's real path (symlinks and `..` resolved), so that every way of naming one
    /// file names one lock; a plan only in a revision (`--rev`) keeps the path it would have.
    static func identity(of planFile: String) -> String {
        let absolute = URL(fileURLWithPath: planFile).standardizedFileURL.path
        guard let real = realpath(absolute, nil) else {
            let folder = (absolute as NSString).deletingLastPathComponent
            guard folder != absolute, let realFolder = realpath(folder, nil) else { return absolute }
            defer { free(realFolder) }
            return String(cString: realFolder) + "/" + (absolute as NSString).lastPathComponent
        }
        defer { free(real) }
        return String(cString: real)
    }

    private static func digest(_ identity: String, _ environment: String) -> String {
        SHA256.hash(data: Data((identity + "\u{0}" + environment).utf8)).prefix(8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Creates the lock folder owner-only, and refuses one another user could have prepared.
    private static func prepare(_ folder: String) throws(EnvironmentLockError) {
        do {
            try PrivateFiles.createFolder(folder)
        } catch {
            throw .unusable(path: folder, reason: SystemErrorText.of(error))
        }
        let parent = (folder as NSString).deletingLastPathComponent
        // A folder someone else made (or a symlink planted in /tmp) could swap the lock files.
        for path in [parent, folder] where path.hasPrefix("/tmp/") {
            var info = stat()
            guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFDIR, info.st_uid == getuid() else {
                throw .unusable(path: path, reason: "it is not a folder of this user's (uid \(getuid())); set BOSUN_LOCK_DIR to one")
            }
        }
    }

    private static func writeHolder(_ holder: Holder, to descriptor: Int32) {
        guard let data = try? JournalJSON.encoder(pretty: false).encode(holder) else { return }
        ftruncate(descriptor, 0)
        _ = data.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
    }

    private static func readHolder(_ descriptor: Int32) -> Holder? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = pread(descriptor, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return try? JournalJSON.decoder().decode(Holder.self, from: Data(buffer[0..<count]))
    }
}

/// Why an environment could not be locked.
enum EnvironmentLockError: Error, Sendable, CustomStringConvertible {
    case held(path: String, environment: String, holder: EnvironmentLock.Holder?)
    case unusable(path: String, reason: String)

    var description: String {
        switch self {
        case .held(let path, let environment, let holder?):
            "environment '\(environment)' is being deployed by run \(holder.runID) (pid \(holder.pid), \(holder.user)@\(holder.host), since \(ISODate.text(holder.since)))\n"
                + "  hint: wait for it to finish, or look at it with `bosun show \(holder.runID)\(holder.stateDir.map { " --state-dir \($0)" } ?? "")`; "
                + "the lock (\(path)) is released when that process exits"
        case .held(let path, let environment, nil):
            "environment '\(environment)' is locked by another bosun process (\(path))"
        case .unusable(let path, let reason):
            "cannot lock \(path): \(reason)"
        }
    }
}
