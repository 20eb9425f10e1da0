import Foundation

/// Graphviz's `dot`, drawing a DOT document (`bosun graph --format svg`): found on PATH, started
/// with an argv (never a shell), given the document on standard input; what it prints is returned.
struct GraphvizDot {
    static let notOnPath = "Graphviz's `dot` is not on PATH: install graphviz (apt-get install graphviz) or use --format dot"

    /// The `dot` program found.
    let program: String

    /// The `dot` on `searchPath` (a PATH value); a ``CommandFailure`` that says what to install when there is none.
    static func onPath(_ searchPath: String?) throws(CommandFailure) -> GraphvizDot {
        guard let program = find("dot", on: searchPath ?? "/usr/bin:/bin") else { throw CommandFailure(notOnPath) }
        return GraphvizDot(program: program)
    }

    /// `document` drawn in `format` (`svg`); a failing `dot` is a ``CommandFailure`` with what it
    /// printed on standard error.
    func render(_ document: String, format: String) throws(CommandFailure) -> String {
        let result: (status: Int32, reason: Process.TerminationReason, output: Data, errors: Data)
        do {
            result = try Self.run(program, ["-T" + format], input: Data(document.utf8))
        } catch {
            throw CommandFailure("could not start \(program): \(error.localizedDescription)")
        }
        guard result.reason == .exit, result.status == 0 else {
            let ended = result.reason == .exit ? "exited with status \(result.status)" : "was killed by signal \(result.status)"
            let errors = String(decoding: result.errors, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw CommandFailure("\(program) -T\(format) \(ended)" + (errors.isEmpty ? "" : ":\n" + errors))
        }
        return String(decoding: result.output, as: UTF8.self)
    }

    /// Runs `program` with `arguments`, writing `input` and reading both outputs on threads of
    /// their own, so that a large drawing can never fill a pipe while its input is still being written.
    private static func run(_ program: String, _ arguments: [String], input: Data) throws
        -> (status: Int32, reason: Process.TerminationReason, output: Data, errors: Data) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let done = DispatchGroup()
        let output = Collected(), errors = Collected()
        for (pipe, collected) in [(stdout, output), (stderr, errors)] {
            done.enter()
            Thread.detachNewThread {
                collected.data = pipe.fileHandleForReading.readDataToEndOfFile()
                done.leave()
            }
        }
        // dot that stops reading early (bad input) closes the pipe: the write fails, its status tells.
        try? stdin.fileHandleForWriting.write(contentsOf: input)
        try? stdin.fileHandleForWriting.close()
        process.waitUntilExit()
        done.wait()
        return (process.terminationStatus, process.terminationReason, output.data, errors.data)
    }

    /// One stream's bytes, written by its reader thread before `done.leave()` and read after `done.wait()`.
    private final class Collected: @unchecked Sendable {
        var data = Data()
    }

    private static func find(_ name: String, on searchPath: String) -> String? {
        for folder in searchPath.split(separator: ":", omittingEmptySubsequences: true) {
            let candidate = "\(folder)/\(name)"
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder), !isFolder.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }
}
