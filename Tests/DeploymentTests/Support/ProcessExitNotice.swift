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
        // Only a zombie Foundation has left for a while is nudged, and at most every half second:
        // a SIGCHLD raised while Foundation cancels another process's sources has crashed
        // libdispatch, so the nudge is kept for the rare lost wake-up it is for.
        let pid = processIdentifier
        var zombieSince: Date?
        var lastNudge = Date.distantPast
        while isRunning {
            var info = siginfo_t()
            let zombie = waitid(P_PID, id_t(pid), &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info._sifields._sigchld.si_pid == pid
            if !zombie { zombieSince = nil } else if zombieSince == nil { zombieSince = Date() }
            if let since = zombieSince, Date().timeIntervalSince(since) > 0.5, Date().timeIntervalSince(lastNudge) > 0.5 {
                kill(getpid(), SIGCHLD)
                lastNudge = Date()
            }
            usleep(20_000)
        }
        waitUntilExit()
    }
}
