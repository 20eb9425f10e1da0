import BosunBasics
import PlanLoading

/// `apply: PATH` with `render: true`: the manifest with `${name}` replaced by the plan's
/// variables, as strictly as in the plan itself (`$${` is a literal `${`). Each unknown name is
/// reported at its own line and column in the manifest. The result goes to kubectl on standard
/// input and is never written to disk.
enum ManifestRenderer {
    static func render(_ text: String, file: String, scope: inout VariableScope, _ diagnostics: inout DiagnosticBag) -> String {
        guard text.contains("${") else { return text }
        var lines: [String] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            lines.append(scope.interpolate(line: String(line), at: SourceLocation(file: file, line: index + 1, column: 1), &diagnostics))
        }
        return lines.joined(separator: "\n")
    }
}
