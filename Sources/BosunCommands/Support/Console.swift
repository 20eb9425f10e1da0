import BosunBasics
import Foundation
import Rendering

/// Where commands print: results to standard output, diagnostics and progress to standard error.
/// One lock serializes lines from concurrently running steps.
final class Console: Sendable {
    let style: TerminalStyle
    let errorStyle: TerminalStyle
    private let lock = NSLock()

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        style = TerminalStyle.detect(isTerminal: isatty(STDOUT_FILENO) == 1, environment: environment)
        errorStyle = TerminalStyle.detect(isTerminal: isatty(STDERR_FILENO) == 1, environment: environment)
    }

    func output(_ text: String) { write(text, to: FileHandle.standardOutput) }

    func line(_ text: String) { output(text + "\n") }

    func error(_ text: String) { write(errorStyle.failure("error: ") + text + "\n", to: FileHandle.standardError) }

    func progress(_ text: String) { write(text + "\n", to: FileHandle.standardError) }

    func diagnostics(_ diagnostics: [Diagnostic]) {
        let text = diagnostics.map { diagnostic in
            var lines = ["\(diagnostic.location): " + label(diagnostic.severity) + diagnostic.message]
            if let hint = diagnostic.hint { lines.append("  " + errorStyle.dim("hint: ") + hint) }
            lines += diagnostic.notes.map { "  \($0.location): " + errorStyle.dim("note: ") + $0.message }
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
        write(text + "\n", to: FileHandle.standardError)
    }

    private func label(_ severity: Diagnostic.Severity) -> String {
        switch severity {
        case .error: errorStyle.failure("error: ")
        case .warning: errorStyle.warning("warning: ")
        case .note: errorStyle.dim("note: ")
        }
    }

    private func write(_ text: String, to handle: FileHandle) {
        lock.withLock { handle.write(Data(text.utf8)) }
    }
}
