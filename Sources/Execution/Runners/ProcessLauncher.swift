import Foundation
import PlanModel
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Runs one `exec` command as a child process: in its own process group, output streamed line by
/// line to the step, and torn down (SIGTERM to the group, SIGKILL after the grace period, and
/// SIGKILL to whatever is left in the group before the leader is reaped) when its task is
/// cancelled. The child is started and watched by ``ProcessReactor``.
struct ProcessLauncher: Sendable {
    let command: ExecCommand
    let context: CommandContext

    /// Bytes of standard output kept for an `expectOutput` comparison; health checks print little.
    static let captureLimit = 64 * 1024
    /// Bytes kept of output Bosun reads as data (a namespace's ReplicaSets as JSON).
    static let readLimit = 16 * 1024 * 1024

    func run() async throws -> CommandOutcome {
        guard let program = command.argv.first, !program.isEmpty else { return .failure("empty command") }
        try Task.checkCancellation()
        // Found here, not on the reactor's thread, which every child's start waits for.
        guard let path = ProgramLookup.find(program, workingDirectory: context.workingDirectory,
                                            searchPath: command.environment["PATH"]) else {
            return .failure(describe(.notFound, program: program))
        }
        let capture = command.expectOutput != nil || command.captureAs != nil || command.reads != nil
        let spawner = ChildSpawner(
            path: path, argv: command.argv, environment: ChildEnvironment.entries(adding: command.environment),
            workingDirectory: context.workingDirectory, stdoutFile: command.stdoutFile.map(resolve),
            feedsInput: command.stdin != nil)
        let output = OutputCollector(
            context: context, capture: capture && command.stdoutFile == nil, echoStdout: command.reads == nil,
            limit: command.reads == nil ? Self.captureLimit : Self.readLimit)
        let context = context
        let launch = ProcessReactor.Launch(
            spawner: spawner, input: command.stdin.map { Array($0.utf8) },
            onStart: { pid in context.processStarted(.spawned(pid)) },
            onOutput: { stream, bytes in output.receive(stream, bytes) })
        var token: Int?
        let ending = await ProcessReactor.shared.run(launch, grace: context.gracePeriod) { queued in
            token = queued
            context.undoControl?.child(queued, running: true)
        }
        if let token { context.undoControl?.child(token, running: false) }
        let captured = output.finish()
        let exit: ProcessReactor.Exit
        switch ending {
        case .notStarted(let failure): return .failure(describe(failure, program: program))
        case .failed(let message): return .failure(message)
        case .exited(let exited): exit = exited
        }
        // A stopped child's whole group was killed before its leader was reaped (ReactorLoop).
        if Task.isCancelled { throw CancellationError() }
        return outcome(exit, captured: capture ? capturedText(captured) : "")
    }

    /// Standard output as text, for `expectOutput` and `captureAs`; read back from the file when
    /// it was redirected to one.
    private func capturedText(_ captured: [UInt8]) -> String {
        guard let file = command.stdoutFile.map(resolve) else { return String(decoding: captured, as: UTF8.self) }
        let data = FileManager.default.contents(atPath: file) ?? Data()
        return String(decoding: data.prefix(Self.captureLimit), as: UTF8.self)
    }

    private func outcome(_ exit: ProcessReactor.Exit, captured: String) -> CommandOutcome {
        switch exit {
        case .exited(0):
            let got = captured.trimmingCharacters(in: .whitespacesAndNewlines)
            let kept = command.reads != nil ? captured : command.captureAs == nil ? nil : got
            guard let expected = command.expectOutput else { return .success(exitStatus: 0, captured: kept) }
            if got == expected { return .success(exitStatus: 0, captured: kept) }
            return .failure("expected output \(expected), got \(got.isEmpty ? "nothing" : Self.abbreviate(got))",
                            exitStatus: 0)
        case .exited(let code):
            return .failure("exited with status \(code)", exitStatus: code)
        case .signaled(let signal):
            return .failure("killed by signal \(signal)")
        case .unknown:
            return .failure("its exit status was lost (another part of this process reaped it): not counted as success")
        }
    }

    private func describe(_ error: ChildSpawner.Failure, program: String) -> String {
        switch error {
        case .notFound:
            program.contains("/") ? "\(program): no such program" : "\(program): command not found on PATH"
        case .noDirectory:
            "\(program): cannot run in \(context.workingDirectory): no such directory"
        case .cannotStart(let code) where code == ENOENT:
            "\(program): cannot start: its interpreter (#! line) was not found"
        case .cannotStart(let code):
            "\(program): cannot start: \(String(cString: strerror(code)))"
        case .cannotWrite(let path, let code):
            "cannot write \(command.stdoutFile ?? path): \(String(cString: strerror(code)))"
        }
    }

    private func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : context.workingDirectory + "/" + path
    }

    private static func abbreviate(_ text: String) -> String {
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? text
        let short = line.count > 80 ? String(line.prefix(80)) + "…" : line
        return short == text ? short : short + " (\(text.count) characters)"
    }
}

/// Cuts a child's output into lines for the step, and keeps the start of its standard output
/// when the command compares or captures it. Fed on the reactor's thread; read once the child is
/// done (the lock orders the two).
private final class OutputCollector: Sendable {
    private struct State {
        var splitters: [OutputLine.Stream: LineSplitter] = [:]
        var captured: [UInt8] = []
    }

    private let context: CommandContext
    private let capture: Bool
    /// False when standard output is data Bosun reads, not a log for people.
    private let echoStdout: Bool
    private let limit: Int
    private let state = Mutex(State())

    init(context: CommandContext, capture: Bool, echoStdout: Bool, limit: Int) {
        self.context = context
        self.capture = capture
        self.echoStdout = echoStdout
        self.limit = limit
    }

    func receive(_ stream: OutputLine.Stream, _ bytes: UnsafeRawBufferPointer) {
        let lines = state.withLock { state in
            if capture && stream == .stdout && state.captured.count < limit {
                state.captured.append(contentsOf: bytes)
            }
            if stream == .stdout && !echoStdout { return [LineSplitter.Line]() }
            return state.splitters[stream, default: LineSplitter()].append(bytes)
        }
        for line in lines { context.emit(line.text, on: stream, continues: line.continues) }
    }

    /// Emits the unterminated last lines and returns the captured standard output.
    func finish() -> [UInt8] {
        let (rest, captured) = state.withLock { state in
            (OutputLine.Stream.allOutput.compactMap { stream in state.splitters[stream]?.finish().map { (stream, $0) } }, state.captured)
        }
        for (stream, line) in rest { context.emit(line.text, on: stream) }
        return captured
    }
}

private extension OutputLine.Stream {
    static let allOutput: [OutputLine.Stream] = [.stdout, .stderr]
}
