import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A child a step started, as the journal keeps it: the leader of its own process group, and
/// when the kernel started it. If Bosun is killed, the leader dies with it (its parent-death
/// signal), but what it started may live on in the group unsupervised; a resume checks for it
/// instead of starting the step a second time beside it.
package struct StartedProcess: Sendable, Codable, Hashable {
    package var pid: Int32
    /// Clock ticks after boot (`/proc/PID/stat`, field 22): tells the leader from a later
    /// process that got the same pid.
    package var startTime: UInt64?

    package init(pid: Int32, startTime: UInt64?) {
        self.pid = pid
        self.startTime = startTime
    }

    /// The child just spawned with this pid.
    static func spawned(_ pid: pid_t) -> StartedProcess {
        StartedProcess(pid: pid, startTime: ProcFS.stat(of: pid)?.startTime)
    }

    /// Whether its process group still has a member. The kernel gives no new process a pid that
    /// is still some group's id, so a living group with that id is this one; a living leader
    /// whose start time differs is a newcomer, and the group is gone.
    /// Zombies do not count: they run nothing (a container's minimal init may never reap them).
    var groupIsAlive: Bool {
        guard killpg(pid, 0) == 0 || errno == EPERM else { return false }
        if let leader = ProcFS.stat(of: pid), !leader.isZombie, leader.processGroup == pid {
            return startTime == nil || leader.startTime == startTime
        }
        return !ProcFS.groupMembers(pid).isEmpty
    }

    /// What the group runs, for people: its leader's command line, or a member's.
    package var commandLine: String? {
        for member in [pid] + ProcFS.groupMembers(pid) {
            if let line = ProcFS.commandLine(of: member), !line.isEmpty { return line }
        }
        return nil
    }
}

/// The few facts read from `/proc` about a process.
enum ProcFS {
    struct Stat {
        var state: Character
        var processGroup: Int32
        var startTime: UInt64

        var isZombie: Bool { state == "Z" || state == "X" }
    }

    static func stat(of pid: pid_t) -> Stat? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the command name (which may hold spaces and parentheses): state is field 3.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 19, let state = fields[0].first, let group = Int32(fields[2]),
              let start = UInt64(fields[19]) else { return nil }
        return Stat(state: state, processGroup: group, startTime: start)
    }

    static func commandLine(of pid: pid_t) -> String? {
        guard let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return nil }
        return data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ")
    }

    /// The living processes in process group `group`.
    static func groupMembers(_ group: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(pid_t.init).filter { pid in
            guard let stat = stat(of: pid) else { return false }
            return stat.processGroup == group && !stat.isZombie
        }
    }
}
