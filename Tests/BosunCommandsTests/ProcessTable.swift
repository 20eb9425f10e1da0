import Foundation

/// Whether a process is still running, read from `/proc` (Linux).
enum ProcessTable {
    /// True once `pid` has exited: no such process, or a zombie. An orphaned grandchild killed
    /// with its group is reaped by init, which may take a moment (or longer, under a minimal
    /// init in a container), so a zombie counts as exited: it no longer runs anything.
    /// Waits up to `timeout` seconds for SIGKILL to take effect.
    static func hasExited(_ pid: Int32, timeout: Double = 1) async -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if state(of: pid).map({ $0 == "Z" || $0 == "X" }) ?? true { return true }
            if Date() > deadline { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// The state letter of `/proc/<pid>/stat` (R, S, D, Z…), nil when there is no such process.
    static func state(of pid: Int32) -> Character? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        return stat[close...].dropFirst().first { $0 != " " }
    }
}
