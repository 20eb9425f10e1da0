#if os(Linux)
import CProcessSpawn
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The few system calls a ``ProcessReactor`` makes that tests replace (to make setup or
/// `epoll_wait` fail), and a report of what it does to descriptors and process groups (so a test
/// can see which thread closed what, and that a group was killed before its leader was reaped).
struct ReactorHooks: Sendable {
    /// What the reactor did, in the order it did it, reported on the thread that did it.
    enum Event: Sendable, Equatable {
        case closed(Int32)
        case signaledGroup(pid_t, Int32)
        case reaped(pid_t)
    }

    var createEpoll: @Sendable () -> Int32 = { epoll_create1(Int32(EPOLL_CLOEXEC)) }
    var createEventfd: @Sendable () -> Int32 = { eventfd(0, Int32(EFD_CLOEXEC | EFD_NONBLOCK)) }
    var wait: @Sendable (_ epoll: Int32, _ events: UnsafeMutablePointer<epoll_event>, _ capacity: Int32, _ timeout: Int32) -> Int32 = {
        epoll_wait($0, $1, $2, $3)
    }
    var observe: (@Sendable (Event) -> Void)?
}
#endif
