import BosunBasics
import Foundation
import Rendering

/// Where commands print: results to standard output, diagnostics and progress to standard error.
/// One lock serializes lines from concurrently running steps.
///
/// Printing never stops a deploy: a stream that can no longer be written (`bosun apply | head`
/// once `head` is done, a closed terminal) is given up and its lines dropped, while the run goes
/// on being supervised and journaled. (SIGPIPE is ignored for that, see ``BosunCommand``.)
final class Console: Sendable {
    let style: TerminalStyle
    let errorStyle: TerminalStyle
    private let lock = NSLock()
    /// Streams given up after a write failed; touched under `lock`.
    private nonisolated(unsafe) var closed: Set<Int32> = []

    /// Running as a GitHub Actions step: diagnostics are also written as workflow commands, which
    /// GitHub shows on the plan's file and line.
    private let annotationPaths: AnnotationPaths?

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        style = TerminalStyle.detect(isTerminal: isatty(STDOUT_FILENO) == 1, environment: environment)
        errorStyle = TerminalStyle.detect(isTerminal: isatty(STDERR_FILENO) == 1, environment: environment)
        annotationPaths = GitHubAnnotations.isActive(environment) ? .fromEnvironment(environment) : nil
    }

    func output(_ text: String) { write(text, to: STDOUT_FILENO) }

    func line(_ text: String) { output(text + "\n") }

    func error(_ text: String) { write(errorStyle.failure("error: ") + text + "\n", to: STDERR_FILENO) }

    func progress(_ text: String) { write(text + "\n", to: STDERR_FILENO) }

    /// The cluster's run records could not be read: `problem`, and what the command did without them.
    func clusterRecordsUnread(_ problem: String, so consequence: String) {
        progress(errorStyle.warning("warning: ") + problem + "\n  " + consequence)
    }

    func diagnostics(_ diagnostics: [Diagnostic]) {
        let text = diagnostics.map { diagnostic in
            var lines = ["\(diagnostic.location): " + label(diagnostic.severity) + diagnostic.message]
            if let hint = diagnostic.hint { lines.append("  " + errorStyle.dim("hint: ") + hint) }
            lines += diagnostic.notes.map { "  \($0.location): " + errorStyle.dim("note: ") + $0.message }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
        write(text + "\n", to: STDERR_FILENO)
        // Beside the diagnostics, on standard error: the runner reads workflow commands from both
        // streams, and standard output may be a document (`validate --format json`, `graph`).
        if let annotationPaths { write(GitHubAnnotations.render(ReportedProblem.diagnostics(diagnostics), paths: annotationPaths), to: STDERR_FILENO) }
    }

    private func label(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: errorStyle.failure("error: ")
        case .warning: errorStyle.warning("warning: ")
        case .note: errorStyle.dim("note: ")
        }
    }

    private func write(_ text: String, to descriptor: Int32) {
        lock.withLock {
            guard !closed.contains(descriptor) else { return }
            var text = text
            let error = text.withUTF8 { FullWrite.write(UnsafeRawBufferPointer($0), to: descriptor) }
            if error != 0 { closed.insert(descriptor) }
        }
    }
}
