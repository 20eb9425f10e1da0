import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Starts a process that outlives its parent: a new session (no controlling terminal, so Ctrl-C
/// in the shell that ran `bosun sandbox start` does not reach it), stdin from /dev/null, output
/// appended to a log file, no other inherited descriptors.
enum DetachedProcess {
    struct SpawnError: Error, CustomStringConvertible {
        let code: Int32
        var description: String { "could not start the sandbox server: \(String(cString: strerror(code)))" }
    }

    /// glibc's POSIX_SPAWN_SETSID, which Swift does not import.
    private static let setsidFlag: Int32 = 0x80

    static func spawn(executable: String, arguments: [String], logPath: String) throws -> pid_t {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(setsidFlag))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        // Inherited pipes (say, the output pipe of whoever ran `bosun sandbox start`) would stay
        // open for the server's whole life, and their readers would never see end of file.
        for descriptor in inheritedDescriptors() { posix_spawn_file_actions_addclose(&actions, descriptor) }

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let result = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard result == 0 else { throw SpawnError(code: result) }
        return pid
    }

    /// Open descriptors above standard error (Swift does not import glibc's addclosefrom_np).
    private static func inheritedDescriptors() -> [Int32] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return names.compactMap { Int32($0) }.filter { $0 > 2 && fcntl($0, F_GETFD) != -1 }
    }

    static func isAlive(_ pid: pid_t) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }
}
