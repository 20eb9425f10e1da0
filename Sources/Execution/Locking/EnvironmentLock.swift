import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Keeps two `bosun apply` runs from working on the same environment at once, on this machine:
/// an exclusive `flock` on `<stateDir>/locks/<plan>.<environment>.lock`, holding a description of
/// the holder. The kernel releases the lock when the holder exits, however it exits (even
/// `kill -9`), so a local lock is never stale and needs no forced unlock.
public final class EnvironmentLock: Sendable {
    /// Who holds a lock, as written into the lock file.
    public struct Holder: Codable, Sendable, Hashable {
        public var runID: String
        public var pid: Int32
        public var user: String
        public var host: String
        public var since: Date
    }

    public let path: String
    private let descriptor: Int32

    /// Takes the lock or throws ``EnvironmentLockError/held`` naming the holder.
    public init(stateDir: String, planName: String, environment: String, runID: String) throws(EnvironmentLockError) {
        let folder = URL(fileURLWithPath: stateDir).appending(path: "locks")
        path = folder.appending(path: "\(Self.fileName(planName)).\(Self.fileName(environment)).lock").path
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .unusable(path: folder.path, reason: error.localizedDescription)
        }
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .unusable(path: path, reason: String(cString: strerror(errno))) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = Self.readHolder(descriptor)
            close(descriptor)
            throw .held(path: path, environment: environment, holder: holder)
        }
        self.descriptor = descriptor
        let holder = Holder(
            runID: runID, pid: getpid(), user: ProcessInfo.processInfo.environment["USER"] ?? "\(getuid())",
            host: ProcessInfo.processInfo.hostName, since: Date())
        Self.writeHolder(holder, to: descriptor)
    }

    deinit {
        ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    private static func fileName(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" ? $0 : "_" })
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
public enum EnvironmentLockError: Error, Sendable, CustomStringConvertible {
    case held(path: String, environment: String, holder: EnvironmentLock.Holder?)
    case unusable(path: String, reason: String)

    public var description: String {
        switch self {
        case .held(let path, let environment, let holder?):
            "environment '\(environment)' is being deployed by run \(holder.runID) (pid \(holder.pid), \(holder.user)@\(holder.host), since \(holder.since.formatted(.iso8601)))\n"
                + "  hint: wait for it to finish, or look at it with `bosun show \(holder.runID)`; the lock (\(path)) is released when that process exits"
        case .held(let path, let environment, nil):
            "environment '\(environment)' is locked by another bosun process (\(path))"
        case .unusable(let path, let reason):
            "cannot lock \(path): \(reason)"
        }
    }
}
