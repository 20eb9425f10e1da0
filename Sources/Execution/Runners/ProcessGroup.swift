import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The process group of one child (the child leads its own group, so its id is the child's pid),
/// remembered so that everything the child started can be killed after a cancelled run.
///
/// swift-subprocess's teardown stops waiting as soon as the group leader exits; a grandchild that
/// ignored SIGTERM would outlive the step. `sweep()` sends SIGKILL to whatever is left.
final class ProcessGroup: Sendable {
    private let leader = Mutex<pid_t?>(nil)

    func record(leader pid: pid_t) {
        leader.withLock { $0 = pid }
    }

    /// Kills every remaining member of the group. Safe after the leader is reaped: Linux does
    /// not reuse a pid while a process group with that id still has members, and when it has
    /// none the signal goes nowhere (ESRCH).
    func sweep() {
        guard let pid = leader.withLock({ $0 }), pid > 0 else { return }
        _ = killpg(pid, SIGKILL)
    }
}
