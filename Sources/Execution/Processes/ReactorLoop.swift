#if os(Linux)
import CProcessSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The state of ``ProcessReactor``'s thread, touched by that thread only: the children it
/// watches, which descriptor belongs to which, and the epoll set. Every descriptor it is handed
/// or creates, it closes; every child it starts, it reaps.
///
/// A child's group is signalled only while its leader is unreaped: until then the leader's pid,
/// and with it the group's id, cannot be given to another process, so the signal reaches the
/// child's own processes, never a newcomer's. A stopped child's group is killed in the moment
/// between its leader's exit and the reap. The leader is reaped at once, not kept a zombie until
/// its pipes close: other code in the process that waits with `waitid(P_ALL, WNOWAIT)`
/// (Foundation's Process, swift-testing) would see that zombie first, again and again.
final class ReactorLoop: @unchecked Sendable {
    private enum Role { case stdout, stderr, stdin, exit }

    private final class Child {
        let pid: pid_t
        var pidfd: Int32
        var pipes: [OutputLine.Stream: Int32]
        var input: (fd: Int32, bytes: [UInt8], offset: Int)?
        let onOutput: ProcessReactor.OutputHandler
        let continuation: CheckedContinuation<ProcessReactor.Ending, Never>
        /// Set once the leader is reaped; from then on its group is never signalled.
        var exit: ProcessReactor.Exit?
        var stopping = false
        var killAt: ContinuousClock.Instant?

        init(pid: pid_t, pidfd: Int32, pipes: [OutputLine.Stream: Int32], onOutput: @escaping ProcessReactor.OutputHandler,
             continuation: CheckedContinuation<ProcessReactor.Ending, Never>) {
            self.pid = pid
            self.pidfd = pidfd
            self.pipes = pipes
            self.onOutput = onOutput
            self.continuation = continuation
        }

        var isDone: Bool { exit != nil && (stopping || pipes.isEmpty) }
    }

    private let epoll: Int32
    private let mailbox: ReactorMailbox
    private let executor: ReactorTaskExecutor
    private let hooks: ReactorHooks
    private var children: [Int: Child] = [:]
    private var owners: [Int32: (token: Int, role: Role)] = [:]
    private var buffer = [UInt8](repeating: 0, count: 64 * 1024)
    /// Work to do once no job or request is left (``ProcessReactor/whenIdle(_:)``).
    private var idleWork: [@Sendable () -> Void] = []

    init(epoll: Int32, mailbox: ReactorMailbox, executor: ReactorTaskExecutor, hooks: ReactorHooks) {
        self.epoll = epoll
        self.mailbox = mailbox
        self.executor = executor
        self.hooks = hooks
    }

    func run() {
        // A child that exits without reading its input makes our write fail with EPIPE; blocked
        // here, SIGPIPE stays with this thread instead of ending Bosun (its other writes, to a
        // closed terminal pipe, keep the usual behaviour).
        var pipeSignal = sigset_t()
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &pipeSignal, nil)
        // The loop learns of exits from pidfds, never from SIGCHLD. Unblocked here (a thread
        // started from the cooperative pool inherits its mask, which blocks it), SIGCHLD is
        // discarded as the kernel sends it; blocked, it stays pending for the process and wakes
        // whichever thread does not block it (the main thread, parked in sigsuspend) once a child.
        var childSignal = sigset_t()
        sigemptyset(&childSignal)
        sigaddset(&childSignal, SIGCHLD)
        pthread_sigmask(SIG_UNBLOCK, &childSignal, nil)
        mailbox.markLoopThread()
        guard add(mailbox.wake, events: EPOLLIN.rawValue) else {
            return end(because: "cannot watch child processes: epoll_ctl: \(ProcessReactor.describe(errno))")
        }
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        while true {
            runQueued()
            let timeout = waitTimeout()
            let count = events.withUnsafeMutableBufferPointer { events in
                hooks.wait(epoll, events.baseAddress!, Int32(events.count), timeout)
            }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                return end(because: "the process reactor stopped: epoll_wait: \(ProcessReactor.describe(code))")
            }
            for index in 0..<Int(count) {
                let fd = events[index].data.fd
                if fd == mailbox.wake {
                    // What woke the loop is taken at the top of the next turn; a request posted
                    // after this read is taken then too, or wakes the loop again.
                    var value: UInt64 = 0
                    _ = read(fd, &value, 8)
                } else {
                    handle(fd)
                }
            }
            killOverdue()
            pollChildrenWithoutPidfd()
            finishDone()
        }
    }

    // MARK: Requests

    /// Runs every job and request queued, and those they queue in turn, then the idle work, until
    /// nothing is left: the loop waits for events only when it has nothing else to do.
    private func runQueued() {
        while true {
            let requests = mailbox.take()
            if !requests.isEmpty {
                requests.forEach(perform)
                continue
            }
            guard !idleWork.isEmpty else { return }
            let work = idleWork
            idleWork.removeAll(keepingCapacity: true)
            work.forEach { $0() }
        }
    }

    private func perform(_ request: ProcessReactor.Request) {
        switch request {
        case .job(let job):
            job.runSynchronously(on: executor.asUnownedTaskExecutor())
        case .whenIdle(let work):
            idleWork.append(work)
        case .start(let token, let launch, let continuation):
            start(token, launch, continuation)
        case .stop(let token, let grace):
            guard let child = children[token], !child.stopping else { return }
            child.stopping = true
            // Reaped, its group may hold a newcomer: its pipes are given up, nothing signalled.
            guard child.exit == nil else { return }
            if grace <= 0 {
                signalGroup(child, SIGKILL)
            } else {
                signalGroup(child, SIGTERM)
                child.killAt = .now + .milliseconds(Int64(grace * 1000))
            }
        case .kill(let tokens):
            for token in tokens {
                guard let child = children[token] else { continue }
                child.stopping = true
                child.killAt = nil
                if child.exit == nil { signalGroup(child, SIGKILL) }
            }
        }
    }

    private func start(_ token: Int, _ launch: ProcessReactor.Launch, _ continuation: CheckedContinuation<ProcessReactor.Ending, Never>) {
        let started: ChildSpawner.Started
        do {
            started = try launch.spawner.spawn()
        } catch {
            return continuation.resume(returning: .notStarted(error))
        }
        launch.onStart(started.pid)
        var pidfd = bosun_pidfd_open(started.pid)
        // Kernels before 5.3 have no pidfd_open: such children are polled instead.
        let pidfdError = pidfd < 0 && errno != ENOSYS ? errno : 0
        if pidfd < 0 { pidfd = -1 }
        let child = Child(pid: started.pid, pidfd: pidfd, pipes: started.pipes, onOutput: launch.onOutput, continuation: continuation)
        if let fd = started.input { child.input = (fd, launch.input ?? [], 0) }
        children[token] = child
        guard pidfdError == 0 else { return abandon(token, because: "cannot watch the process: pidfd_open: \(ProcessReactor.describe(pidfdError))") }
        for (stream, fd) in started.pipes {
            guard watch(fd, for: token, as: stream == .stdout ? .stdout : .stderr, events: EPOLLIN.rawValue) else { return }
        }
        if let input = child.input, !watch(input.fd, for: token, as: .stdin, events: EPOLLOUT.rawValue) { return }
        if pidfd >= 0 { _ = watch(pidfd, for: token, as: .exit, events: EPOLLIN.rawValue) }
    }

    private func watch(_ fd: Int32, for token: Int, as role: Role, events: UInt32) -> Bool {
        owners[fd] = (token, role)
        guard add(fd, events: events) else {
            abandon(token, because: "cannot watch the process: epoll_ctl: \(ProcessReactor.describe(errno))")
            return false
        }
        return true
    }

    /// A child the loop cannot watch: killed with its group, reaped, and failed with the reason.
    private func abandon(_ token: Int, because reason: String) {
        guard let child = children.removeValue(forKey: token) else { return }
        if child.exit == nil {
            signalGroup(child, SIGKILL)
            reap(child)
        }
        closeDescriptors(of: child)
        child.continuation.resume(returning: .failed(reason))
    }

    /// The loop cannot go on: every child is killed and failed with the reason, and every later
    /// request refused with it. The epoll set and the eventfd stay open: other threads may still
    /// be writing to the eventfd, and a closed number could be reused under them.
    private func end(because reason: String) {
        for request in mailbox.close(reason) {
            switch request {
            case .start(_, _, let continuation): continuation.resume(returning: .failed(reason))
            // Jobs and idle work still run, elsewhere, so that no task or journal waits forever.
            case .job(let job): executor.runElsewhere(job)
            case .whenIdle(let work): DispatchQueue.global().async(execute: work)
            case .stop, .kill: break
            }
        }
        idleWork.forEach { work in DispatchQueue.global().async(execute: work) }
        idleWork = []
        for (token, _) in children { abandon(token, because: reason) }
    }

    // MARK: Events

    private func handle(_ fd: Int32) {
        guard let owner = owners[fd], let child = children[owner.token] else { return }
        switch owner.role {
        case .stdout, .stderr:
            let stream: OutputLine.Stream = owner.role == .stdout ? .stdout : .stderr
            let got = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got > 0 {
                buffer.withUnsafeBytes { child.onOutput(stream, UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
            } else if got == 0 || (errno != EAGAIN && errno != EINTR) {
                child.pipes[stream] = nil
                forget(fd)
            }
        case .stdin:
            feed(child)
        case .exit:
            leaderExited(child)
        }
    }

    /// Writes what the child's standard input can take now; closes it when all is written or the
    /// child stopped reading.
    private func feed(_ child: Child) {
        guard var input = child.input else { return }
        let written = input.bytes.withUnsafeBytes { bytes in
            write(input.fd, bytes.baseAddress.map { $0 + input.offset }, bytes.count - input.offset)
        }
        if written > 0 { input.offset += written }
        let finished = input.offset >= input.bytes.count || (written < 0 && errno != EAGAIN && errno != EINTR)
        child.input = finished ? nil : input
        if finished { forget(input.fd) }
    }

    /// The leader has exited and is not reaped yet: a stopped child's group is killed now, while
    /// its id is still the child's (whatever it left, a grandchild ignoring SIGTERM, goes too).
    private func leaderExited(_ child: Child) {
        if child.stopping { signalGroup(child, SIGKILL) }
        reap(child)
        child.killAt = nil
        if child.pidfd >= 0 {
            forget(child.pidfd)
            child.pidfd = -1
        }
    }

    private func killOverdue() {
        let now = ContinuousClock.now
        for child in children.values {
            guard let deadline = child.killAt, deadline <= now else { continue }
            child.killAt = nil
            signalGroup(child, SIGKILL)
        }
    }

    /// Kernels without pidfd_open (before 5.3): children are polled every few milliseconds.
    private func pollChildrenWithoutPidfd() {
        for child in children.values where child.pidfd < 0 && child.exit == nil {
            if bosun_has_exited(child.pid) == 1 { leaderExited(child) }
        }
    }

    /// Hands each done child's exit to its waiter, giving up the pipes of a stopped one.
    private func finishDone() {
        for (token, child) in children where child.isDone {
            guard let exit = child.exit else { continue }
            closeDescriptors(of: child)
            children[token] = nil
            child.continuation.resume(returning: .exited(exit))
        }
    }

    /// Only for a leader known to have exited, or just sent SIGKILL: waitpid blocks.
    private func reap(_ child: Child) {
        var status: Int32 = 0
        var reaped: pid_t
        repeat { reaped = waitpid(child.pid, &status, 0) } while reaped < 0 && errno == EINTR
        child.exit = reaped == child.pid ? ProcessReactor.exit(fromWaitStatus: status) : .unknown
        hooks.observe?(.reaped(child.pid))
    }

    private func signalGroup(_ child: Child, _ signal: Int32) {
        _ = killpg(child.pid, signal)
        hooks.observe?(.signaledGroup(child.pid, signal))
    }

    private func closeDescriptors(of child: Child) {
        for fd in child.pipes.values { forget(fd) }
        child.pipes = [:]
        if let input = child.input { forget(input.fd) }
        child.input = nil
        if child.pidfd >= 0 { forget(child.pidfd) }
        child.pidfd = -1
    }

    private func waitTimeout() -> Int32 {
        var timeout: Int32 = -1
        let now = ContinuousClock.now
        for child in children.values {
            if child.pidfd < 0 && child.exit == nil { timeout = timeout < 0 ? 5 : min(timeout, 5) }
            guard let deadline = child.killAt else { continue }
            let left = (deadline - now).components
            let seconds = Double(left.seconds) + Double(left.attoseconds) / 1e18
            let milliseconds = Int32(clamping: Int64(max(0, seconds) * 1000) + 1)
            timeout = timeout < 0 ? milliseconds : min(timeout, milliseconds)
        }
        return timeout
    }

    // MARK: Descriptors

    private func add(_ fd: Int32, events: UInt32) -> Bool {
        var event = epoll_event(events: events, data: epoll_data(fd: fd))
        return epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) == 0
    }

    private func forget(_ fd: Int32) {
        if owners.removeValue(forKey: fd) != nil { _ = epoll_ctl(epoll, EPOLL_CTL_DEL, fd, nil) }
        _ = close(fd)
        hooks.observe?(.closed(fd))
    }
}
#endif
