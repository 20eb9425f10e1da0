import Foundation
import PlanModel
import Subprocess

/// Runs one `exec` command as a child process: in its own process group, output streamed line by
/// line to the step, and torn down (SIGTERM to the group, SIGKILL after the grace period, then a
/// sweep of stragglers) when its task is cancelled.
struct ProcessLauncher: Sendable {
    let command: ExecCommand
    let context: CommandContext

    /// Bytes of standard output kept for an `expectOutput` comparison; health checks print little.
    static let captureLimit = 64 * 1024

    func run() async throws -> CommandOutcome {
        guard let program = command.argv.first, !program.isEmpty else { return .failure("empty command") }
        let stdoutFile: FileHandle?
        do {
            stdoutFile = try command.stdoutFile.map { try OutputFile.create(resolve($0)) }
        } catch {
            return .failure("cannot write \(command.stdoutFile ?? ""): \(error.localizedDescription)")
        }
        defer { try? stdoutFile?.close() }

        let group = ProcessGroup()
        do {
            let (status, captured) = if let stdin = command.stdin {
                try await launch(program, input: .string(stdin), group: group, stdoutFile: stdoutFile)
            } else {
                try await launch(program, input: .none, group: group, stdoutFile: stdoutFile)
            }
            if Task.isCancelled {
                group.sweep()
                throw CancellationError()
            }
            return outcome(status, captured: captured)
        } catch {
            group.sweep()
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            return .failure(describe(error, program: program))
        }
    }

    private func launch<Input: InputProtocol>(
        _ program: String, input: Input, group: ProcessGroup, stdoutFile: FileHandle?
    ) async throws -> (TerminationStatus, String) {
        let result = try await Subprocess.run(
            executable(for: program),
            arguments: Arguments(Array(command.argv.dropFirst())),
            environment: environment,
            workingDirectory: .init(context.workingDirectory),
            platformOptions: platformOptions,
            input: input,
            output: .sequence,
            error: .sequence
        ) { execution in
            group.record(leader: execution.processIdentifier.value)
            // Both pipes are drained at once: reading one to the end first can deadlock a child
            // that fills the other.
            return try await withThrowingTaskGroup(of: String.self) { drains in
                drains.addTask {
                    try await drain(execution.standardOutput, as: .stdout, into: stdoutFile,
                                    capture: command.expectOutput != nil || command.captureAs != nil)
                }
                drains.addTask {
                    try await drain(execution.standardError, as: .stderr, into: nil, capture: false)
                }
                var captured = ""
                for try await text in drains { captured += text }
                return captured
            }
        }
        return (result.terminationStatus, result.closureResult)
    }

    /// Streams one pipe to the step's output (or to a file), returning the captured text if asked.
    private func drain(
        _ pipe: SubprocessOutputSequence, as stream: OutputLine.Stream, into file: FileHandle?, capture: Bool
    ) async throws -> String {
        var splitter = LineSplitter()
        var captured: [UInt8] = []
        for try await buffer in pipe {
            let bytes = buffer.withUnsafeBytes { Array($0) }
            if let file {
                try file.write(contentsOf: bytes)
            } else {
                for line in splitter.append(bytes) { context.emit(line, on: stream) }
            }
            if capture && captured.count < Self.captureLimit { captured.append(contentsOf: bytes) }
        }
        if let last = splitter.finish() { context.emit(last, on: stream) }
        return String(decoding: captured, as: UTF8.self)
    }

    private func outcome(_ status: TerminationStatus, captured: String) -> CommandOutcome {
        switch status {
        case .exited(0):
            let got = captured.trimmingCharacters(in: .whitespacesAndNewlines)
            let kept = command.captureAs == nil ? nil : got
            guard let expected = command.expectOutput else { return .success(exitStatus: 0, captured: kept) }
            if got == expected { return .success(exitStatus: 0, captured: kept) }
            return .failure("expected output \(expected), got \(got.isEmpty ? "nothing" : Self.abbreviate(got))",
                            exitStatus: 0)
        case .exited(let code):
            return .failure("exited with status \(code)", exitStatus: code)
        case .signaled(let signal):
            return .failure("killed by signal \(signal)")
        }
    }

    private func describe(_ error: any Error, program: String) -> String {
        guard let error = error as? SubprocessError else { return "\(program): \(error)" }
        if error.code == .executableNotFound {
            return program.contains("/") ? "\(program): no such program" : "\(program): command not found on PATH"
        }
        if error.code == .failedToChangeWorkingDirectory {
            return "\(program): cannot run in \(context.workingDirectory): no such directory"
        }
        return "\(program): \(error)"
    }

    /// `kubectl` is looked up on PATH; `./deploy.sh` or `bin/tool` is a path in the plan's folder.
    private func executable(for program: String) -> Executable {
        program.contains("/") ? .path(.init(resolve(program))) : .name(program)
    }

    private func resolve(_ path: String) -> String {
        path.hasPrefix("/") ? path : context.workingDirectory + "/" + path
    }

    private var environment: Environment {
        var extra: [Environment.Key: String?] = [:]
        for (name, value) in command.environment {
            if let key = Environment.Key(rawValue: name) { extra[key] = value }
        }
        return .inherit.updating(extra)
    }

    private var platformOptions: PlatformOptions {
        var options = PlatformOptions()
        // Its own group, so one signal reaches everything the command starts, and Ctrl-C at the
        // terminal reaches Bosun only (which then stops children on its own terms).
        options.processGroupID = 0
        let grace = Duration.milliseconds(Int64(max(0, context.gracePeriod) * 1000))
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: grace)]
        return options
    }

    private static func abbreviate(_ text: String) -> String {
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? text
        let short = line.count > 80 ? String(line.prefix(80)) + "…" : line
        return short == text ? short : short + " (\(text.count) characters)"
    }
}
