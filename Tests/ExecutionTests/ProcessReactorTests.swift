import Foundation
import Synchronization
import Testing
@testable import Execution

/// The reactor's own rules, on reactors of the tests' own (so hooks can watch and break them):
/// one thread spawns, signals, reaps and closes; a stopped child's group dies before its leader
/// is reaped; setup and loop failures come back as values.
@Suite("ProcessReactor: one thread owns every child and descriptor")
struct ProcessReactorTests {
    @Test("children started from many tasks are all started, and all their descriptors closed, on the loop's one thread")
    func oneThreadOwnsEverything() async throws {
        let journal = ReactorJournal()
        let reactor = ProcessReactor(hooks: journal.hooks())
        let endings = await withTaskGroup(of: ProcessReactor.Ending.self) { group in
            for index in 0..<8 {
                group.addTask { await reactor.run(journal.launch(["sh", "-c", "echo \(index); echo oops >&2"], input: "in"), grace: 1) }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(endings.allSatisfy { if case .exited(.exited(0)) = $0 { true } else { false } })
        let starts = journal.starts
        #expect(starts.count == 8)
        let loopThread = try #require(starts.first?.thread)
        #expect(starts.allSatisfy { pthread_equal($0.thread, loopThread) != 0 }, "every child spawned by the loop's thread")
        let closes = journal.events.filter { if case .closed = $0.event { true } else { false } }
        // Per child: standard output, standard error, standard input's pipe and the pidfd.
        #expect(closes.count == 8 * 4)
        #expect(closes.allSatisfy { pthread_equal($0.thread, loopThread) != 0 }, "no descriptor closed by a waiting task")
        #expect(Set(journal.output).isSuperset(of: (0..<8).map(String.init)))
    }

    @Test("a stopped child's group is killed before its leader is reaped, never after: a grandchild ignoring SIGTERM is gone when the exit comes back")
    func groupKilledBeforeReap() async throws {
        let journal = ReactorJournal()
        let reactor = ProcessReactor(hooks: journal.hooks())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("reactor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = "sh -c 'trap \"\" TERM; exec sleep 300' & echo $! > \(folder)/grandchild; wait"
        let run = Task { await reactor.run(journal.launch(["sh", "-c", script]), grace: 30) }
        let grandchild = try #require(await Self.pid(in: folder + "/grandchild"))
        run.cancel()
        let ending = await run.value
        guard case .exited(.signaled(SIGTERM)) = ending else {
            Issue.record("the leader should end on SIGTERM, got \(ending)")
            return
        }
        #expect(Self.isGone(grandchild), "the grandchild was killed with its group before the exit was handed back")

        let leader = try #require(journal.starts.first?.pid)
        let forLeader = journal.events.map(\.event).filter {
            switch $0 {
            case .signaledGroup(let pid, _), .reaped(let pid): pid == leader
            case .closed: false
            }
        }
        #expect(forLeader == [.signaledGroup(leader, SIGTERM), .signaledGroup(leader, SIGKILL), .reaped(leader)])
    }

    @Test("an epoll_create1 or eventfd that fails is a failed launch with the reason, not a crash", arguments: ["epoll_create1", "eventfd"])
    func setupFailureIsAValue(_ call: String) async {
        var hooks = ReactorHooks()
        let failing: @Sendable () -> Int32 = {
            errno = EMFILE
            return -1
        }
        if call == "epoll_create1" { hooks.createEpoll = failing } else { hooks.createEventfd = failing }
        let reactor = ProcessReactor(hooks: hooks)
        let ending = await reactor.run(ReactorJournal().launch(["true"]), grace: 1)
        guard case .failed(let message) = ending else {
            Issue.record("expected a failure, got \(ending)")
            return
        }
        #expect(message == "cannot watch child processes: \(call): \(String(cString: strerror(EMFILE)))")
    }

    @Test("an epoll_wait interrupted by a signal (EINTR) is retried: the child's output and exit arrive")
    func interruptedWaitIsRetried() async {
        let interruptions = Atomic<Int>(0)
        var hooks = ReactorHooks()
        let realWait = hooks.wait
        hooks.wait = { epoll, events, capacity, timeout in
            if interruptions.wrappingAdd(1, ordering: .relaxed).oldValue < 3 {
                errno = EINTR
                return -1
            }
            return realWait(epoll, events, capacity, timeout)
        }
        let journal = ReactorJournal()
        let reactor = ProcessReactor(hooks: hooks)
        let ending = await reactor.run(journal.launch(["sh", "-c", "echo hello; exit 4"]), grace: 1)
        guard case .exited(.exited(4)) = ending else {
            Issue.record("expected exit 4, got \(ending)")
            return
        }
        #expect(journal.output == ["hello"])
        #expect(interruptions.load(ordering: .relaxed) > 3)
    }

    @Test("any other epoll_wait error ends the loop: the running child is killed and failed with the reason, and later launches too")
    func brokenWaitFailsEveryChild() async throws {
        let broken = Atomic<Bool>(false)
        let journal = ReactorJournal()
        var hooks = journal.hooks()
        let realWait = hooks.wait
        hooks.wait = { epoll, events, capacity, timeout in
            if broken.load(ordering: .relaxed) {
                errno = EBADF
                return -1
            }
            return realWait(epoll, events, capacity, timeout)
        }
        let reactor = ProcessReactor(hooks: hooks)
        let run = Task { await reactor.run(journal.launch(["sleep", "300"]), grace: 1) }
        for _ in 0..<1000 where journal.starts.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
        let sleeper = try #require(journal.starts.first?.pid)
        broken.store(true, ordering: .relaxed)
        reactor.kill([])  // wakes the loop, whose next wait then fails

        let reason = "the process reactor stopped: epoll_wait: \(String(cString: strerror(EBADF)))"
        guard case .failed(let message) = await run.value else {
            Issue.record("the waiting child should fail")
            return
        }
        #expect(message == reason)
        #expect(Self.isGone(sleeper), "the child the loop can no longer watch was killed")
        guard case .failed(let later) = await reactor.run(journal.launch(["true"]), grace: 1) else {
            Issue.record("a later launch should fail")
            return
        }
        #expect(later == reason)
    }

    // MARK: Helpers

    /// Polls (counted, not timed: a loaded machine may not run the test's task for seconds).
    private static func pid(in file: String) async -> Int32? {
        for _ in 0..<1000 {
            if let text = try? String(contentsOfFile: file, encoding: .utf8), text.hasSuffix("\n"),
               let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) { return pid }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    /// No such process, or a zombie (an orphan is reaped by init, which may be slow in a container).
    private static func isGone(_ pid: Int32) -> Bool {
        for _ in 0..<100 {
            guard let stat = ProcFS.stat(of: pid), !stat.isZombie else { return true }
            usleep(10_000)
        }
        return false
    }
}

/// Records what a test reactor does (through its hooks) and what its children start and print.
private final class ReactorJournal: Sendable {
    struct Observed: Sendable {
        var event: ReactorHooks.Event
        var thread: pthread_t
    }

    private let state = Mutex((events: [Observed](), starts: [(pid: pid_t, thread: pthread_t)](), output: [String]()))

    var events: [Observed] { state.withLock { $0.events } }
    var starts: [(pid: pid_t, thread: pthread_t)] { state.withLock { $0.starts } }
    var output: [String] { state.withLock { $0.output } }

    func hooks() -> ReactorHooks {
        var hooks = ReactorHooks()
        hooks.observe = { event in self.state.withLock { $0.events.append(Observed(event: event, thread: pthread_self())) } }
        return hooks
    }

    func launch(_ argv: [String], input: String? = nil) -> ProcessReactor.Launch {
        let path = ProgramLookup.find(argv[0], workingDirectory: "/", searchPath: nil)!
        let spawner = ChildSpawner(path: path, argv: argv, environment: nil, workingDirectory: "/", stdoutFile: nil,
                                   feedsInput: input != nil)
        return ProcessReactor.Launch(
            spawner: spawner, input: input.map { Array($0.utf8) },
            onStart: { pid in self.state.withLock { $0.starts.append((pid, pthread_self())) } },
            onOutput: { stream, bytes in
                guard stream == .stdout else { return }
                let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
                self.state.withLock { $0.output.append(contentsOf: lines) }
            })
    }
}
