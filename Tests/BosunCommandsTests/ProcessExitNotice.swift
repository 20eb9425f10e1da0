import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension Process {
    /// `waitUntilExit()` that cannot miss the exit. Foundation learns that a child ended from
    /// SIGCHLD, and SIGCHLDs coalesce: in a test process where the process reactor's children end
    /// too, Foundation's handler can run while only one of those is a zombie and then never look
    /// again, and `waitUntilExit()` spins forever on a child that is long gone. Seeing this child
    /// a zombie (without reaping it), the wait raises SIGCHLD again so that Foundation reaps it.
    func waitUntilExitNoticed() {
        let pid = processIdentifier
        while isRunning {
            var info = siginfo_t()
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0, info._sifields._sigchld.si_pid == pid {
                kill(getpid(), SIGCHLD)
            }
            usleep(20_000)
        }
        waitUntilExit()
    }
}
