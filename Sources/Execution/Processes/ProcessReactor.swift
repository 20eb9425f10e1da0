#if os(Linux)
import CProcessSpawn
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One thread that starts and watches every child at once, as ninja's subprocess set does: an
/// epoll set over each child's output pipes, its pidfd (readable when it exits) and the pipe
/// feeding its standard input. A child is done when it has exited and both pipes have reached
/// their end, so no output is ever lost; a child being stopped is done as soon as it has exited,
/// since a grandchild may hold the pipes open (its group is killed before the leader is reaped).
///
/// Other threads only post requests (start, stop, kill) to the loop; the loop alone spawns,
/// signals, reaps and closes descriptors, so no descriptor is closed while another thread uses
/// it. Spawning from this one long-lived thread is also what lets children die with Bosun: their
/// parent-death signal fires when the thread that started them ends (see process_spawn.c).
///
/// The loop is also a task executor (``taskExecutor``): a run's scheduling, its journal and each
/// step's commands run as jobs on this thread, between two waits for events, as ninja's one loop
/// does. A step's start, its child's exit and the next step's start then pass between no
/// threads. Measured on a 500-step chain (Benchmarks/analysis.md): with the hand-offs between
/// the cooperative pool, the journal's queue and this thread, a step cost 19.2 context switches
/// and 1.87 ms; on the loop alone, 7.8 (3 of them the fsync of its start) and 1.33 ms.
///
/// Why not swift-subprocess: measured on 2,000 no-op steps it spent more CPU per child than the
/// child itself (the environment parsed twice per spawn, a hop to its spawn thread and to its I/O
/// thread, async sequences per pipe). Here a child costs one hand-off to this thread, one
/// clone+exec, and a few epoll events.
final class ProcessReactor: Sendable {
    static let shared = ProcessReactor()

    /// How a watched child ended.
    enum Exit: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
        /// Something else in the process reaped the child first (a `waitpid(-1)` elsewhere): how
        /// it ended is unknown, so it never counts as success.
        case unknown
    }

    /// What became of a launch.
    enum Ending: Sendable {
        case exited(Exit)
        /// The program never ran.
        case notStarted(ChildSpawner.Failure)
        /// The reactor cannot watch it (setup failed, or its loop ended): the message says why.
        case failed(String)
    }

    /// Receives the bytes a child prints, on the reactor's thread, in order per stream.
    typealias OutputHandler = @Sendable (OutputLine.Stream, UnsafeRawBufferPointer) -> Void

    /// A child to start: how, what to feed its standard input, and who hears from it (on the
    /// reactor's thread: its pid once it runs, then its output).
    struct Launch: Sendable {
        let spawner: ChildSpawner
        let input: [UInt8]?
        let onStart: @Sendable (pid_t) -> Void
        let onOutput: OutputHandler
    }

    enum Request {
        case start(Int, Launch, CheckedContinuation<Ending, Never>)
        case stop(Int, grace: Double)
        case kill([Int])
        /// A task's job: the reactor is the task executor of the tasks that prefer it.
        case job(UnownedJob)
        /// Work for when the loop has run every job and request it has, before it waits again:
        /// what the jobs of one turn asked for is done once for all of them (the journal's fsync).
        case whenIdle(@Sendable () -> Void)
    }

    private let mailbox: ReactorMailbox
    private let nextToken = Atomic<Int>(0)
    /// The loop as a task executor, for ``withTaskExecutorPreference(_:isolation:operation:)``;
    /// nil when the loop could not be set up.
    let taskExecutor: ReactorTaskExecutor?

    /// Sets up the epoll set and the wake-up descriptor and starts the loop's thread; if either
    /// cannot be made, every launch fails with the reason instead.
    init(hooks: ReactorHooks = ReactorHooks()) {
        let epoll = hooks.createEpoll()
        guard epoll >= 0 else {
            mailbox = ReactorMailbox(wake: -1, broken: "cannot watch child processes: epoll_create1: \(Self.describe(errno))")
            taskExecutor = nil
            return
        }
        let wake = hooks.createEventfd()
        guard wake >= 0 else {
            let reason = "cannot watch child processes: eventfd: \(Self.describe(errno))"
            _ = close(epoll)  // no loop runs yet: this thread is the only one that knows it
            mailbox = ReactorMailbox(wake: -1, broken: reason)
            taskExecutor = nil
            return
        }
        mailbox = ReactorMailbox(wake: wake, broken: nil)
        let executor = ReactorTaskExecutor(mailbox: mailbox)
        taskExecutor = executor
        let loop = ReactorLoop(epoll: epoll, mailbox: mailbox, executor: executor, hooks: hooks)
        let thread = Thread { loop.run() }
        thread.name = "bosun.processes"
        thread.start()
    }

    // MARK: Interface

    /// Starts a child on the reactor's thread and waits until it is done. `queued` is called with
    /// its token once the start is posted (a ``kill(_:)`` of that token then reaches it).
    /// Cancelling the calling task stops the child: SIGTERM to its process group, SIGKILL after
    /// `grace` seconds if it is still there.
    func run(_ launch: Launch, grace: Double, queued: (Int) -> Void = { _ in }) async -> Ending {
        let token = nextToken.wrappingAdd(1, ordering: .relaxed).oldValue
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                if let reason = mailbox.post(.start(token, launch, continuation)) {
                    continuation.resume(returning: .failed(reason))
                    return
                }
                // A cancellation that came before the start was posted found no child to stop.
                if Task.isCancelled { mailbox.post(.stop(token, grace: grace)) }
                queued(token)
            }
        } onCancel: {
            mailbox.post(.stop(token, grace: grace))
        }
    }

    /// Whether the caller runs on this reactor's loop.
    var isLoopThread: Bool { mailbox.isLoopThread }

    /// Runs `work` on the loop's thread once it has run every job and request it has now, before
    /// it next waits for events (on another thread when the loop cannot run).
    func whenIdle(_ work: @escaping @Sendable () -> Void) {
        if mailbox.post(.whenIdle(work)) != nil { DispatchQueue.global().async(execute: work) }
    }

    /// Kills these children at once (SIGKILL to each group), whatever grace they were given: a
    /// second Ctrl-C means now. Each is then reported as the step's runner would any killed child.
    func kill(_ tokens: some Sequence<Int>) {
        mailbox.post(.kill(Array(tokens)))
    }

    static func describe(_ code: Int32) -> String { String(cString: strerror(code)) }

    /// Decodes a `waitpid` status (the W* macros are not imported into Swift).
    static func exit(fromWaitStatus status: Int32) -> Exit {
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(signal)
    }
}

/// Runs jobs on the reactor's thread: a task that prefers this executor (and every child task
/// it makes) runs there, between the loop's waits for child processes.
final class ReactorTaskExecutor: TaskExecutor {
    private let mailbox: ReactorMailbox

    init(mailbox: ReactorMailbox) {
        self.mailbox = mailbox
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        if mailbox.post(.job(job)) != nil { runElsewhere(job) }
    }

    /// For a loop that has ended (epoll_wait failed): the job runs on the global pool, so that no
    /// task waits forever; the children it starts are refused with the loop's reason.
    func runElsewhere(_ job: UnownedJob) {
        let executor = asUnownedTaskExecutor()
        DispatchQueue.global().async { job.runSynchronously(on: executor) }
    }
}

/// The requests other threads post to the loop, and the eventfd that wakes it for them.
final class ReactorMailbox: Sendable {
    private struct State {
        var requests: [ProcessReactor.Request] = []
        /// Set once the loop cannot run: requests are refused with it.
        var broken: String?
    }

    let wake: Int32
    private let state: Mutex<State>

    init(wake: Int32, broken: String?) {
        self.wake = wake
        state = Mutex(State(broken: broken))
    }

    /// Queues a request; nil, or the reason the loop takes none.
    @discardableResult
    func post(_ request: ProcessReactor.Request) -> String? {
        let (refusal, first) = state.withLock { state -> (String?, Bool) in
            if let broken = state.broken { return (broken, false) }
            state.requests.append(request)
            return (nil, state.requests.count == 1)
        }
        // One wake-up per batch: the loop takes every queued request each time it wakes. The
        // loop's own thread needs none: it takes what it posted before it next waits.
        if first && !isLoopThread {
            var one: UInt64 = 1
            _ = write(wake, &one, 8)
        }
        return refusal
    }

    /// Whether the caller runs on this mailbox's loop.
    var isLoopThread: Bool { bosun_current_loop() == UnsafeRawPointer(Unmanaged.passUnretained(self).toOpaque()) }

    /// Called once, by the loop's thread.
    func markLoopThread() { bosun_set_current_loop(Unmanaged.passUnretained(self).toOpaque()) }

    func take() -> [ProcessReactor.Request] {
        state.withLock { state in
            defer { state.requests = [] }
            return state.requests
        }
    }

    /// Refuses every later request with `reason`; returns those still queued.
    func close(_ reason: String) -> [ProcessReactor.Request] {
        state.withLock { state in
            state.broken = reason
            defer { state.requests = [] }
            return state.requests
        }
    }
}
#else
#error("Bosun starts and watches child processes with clone, epoll and pidfd: it builds on Linux only")
#endif
