extension Redactor {
    /// The diagnostic with every secret masked: its file, message, hint and notes. Diagnostics
    /// quote values once variables are resolved (a path that does not exist, a URL, a duration).
    package func redact(_ diagnostic: Diagnostic) -> Diagnostic {
        guard !isEmpty else { return diagnostic }
        var diagnostic = diagnostic
        diagnostic.location.file = redact(diagnostic.location.file)
        diagnostic.message = redact(diagnostic.message)
        diagnostic.hint = diagnostic.hint.map(redact)
        diagnostic.notes = diagnostic.notes.map(redact)
        return diagnostic
    }

    package func redact(_ bag: DiagnosticBag) -> DiagnosticBag {
        var masked = DiagnosticBag()
        masked.append(contentsOf: bag.diagnostics.map(redact))
        return masked
    }
}
