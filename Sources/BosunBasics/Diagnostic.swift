/// One problem found in user input: where, what, and what to do about it.
///
/// Diagnostics are values gathered into a ``DiagnosticBag`` and printed together, the way a
/// compiler reports every error of a file at once instead of stopping at the first.
public struct Diagnostic: Sendable, Hashable, Codable, CustomStringConvertible {
    package enum Severity: String, Sendable, Codable { case error, warning, note }

    package var severity: Severity
    package var location: SourceLocation
    package var message: String
    package var hint: String?
    /// Secondary locations that explain the message (for example each step of a cycle).
    package var notes: [Diagnostic]

    package init(
        _ severity: Severity = .error, at location: SourceLocation, _ message: String,
        hint: String? = nil, notes: [Diagnostic] = []
    ) {
        self.severity = severity
        self.location = location
        self.message = message
        self.hint = hint
        self.notes = notes
    }

    package static func error(_ message: String, at location: SourceLocation, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, at: location, message, hint: hint)
    }

    public var description: String {
        var text = "\(location): \(severity.rawValue): \(message)"
        if let hint { text += "\n  hint: \(hint)" }
        for note in notes { text += "\n  \(note.location): \(note.message)" }
        return text
    }
}

/// Diagnostics collected while loading or compiling; thrown as a whole when any is an error.
package struct DiagnosticBag: Sendable {
    package private(set) var diagnostics: [Diagnostic] = []

    package init() {}

    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    package mutating func append(_ diagnostic: Diagnostic) { diagnostics.append(diagnostic) }

    package mutating func error(_ message: String, at location: SourceLocation, hint: String? = nil) {
        append(.error(message, at: location, hint: hint))
    }

    package mutating func append(contentsOf other: [Diagnostic]) { diagnostics.append(contentsOf: other) }

    /// The bag with each diagnostic once: the same problem found while compiling for several
    /// environments is reported once.
    package func deduplicated() -> DiagnosticBag {
        var seen = Set<String>()
        var unique = DiagnosticBag()
        for diagnostic in diagnostics where seen.insert(diagnostic.description).inserted { unique.append(diagnostic) }
        return unique
    }

    /// Throws every collected diagnostic when at least one is an error.
    package func check() throws(DiagnosticError) {
        if hasErrors { throw DiagnosticError(diagnostics: diagnostics) }
    }
}

/// The error carrying all diagnostics of a failed load or compile, sorted by position.
public struct DiagnosticError: Error, Sendable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    package init(diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics.sorted {
            ($0.location.file, $0.location.line, $0.location.column)
                < ($1.location.file, $1.location.line, $1.location.column)
        }
    }

    package init(_ diagnostic: Diagnostic) { self.init(diagnostics: [diagnostic]) }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}
