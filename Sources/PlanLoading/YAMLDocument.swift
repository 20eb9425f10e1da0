import BosunBasics
import Yams

/// Turns YAML text into one node tree, mapping Yams' syntax errors to located diagnostics.
package enum YAMLDocument {
    package static func compose(_ text: String, file: String) throws(DiagnosticError) -> Node {
        try AliasBudget.check(text, file: file)
        let node: Node?
        do {
            // Every scalar is read as text (YAMLFields), so tags need no resolving: Yams' default
            // resolver runs up to seven regular expressions per scalar (bool, int, float, null,
            // timestamp…) while checking mapping keys for duplicates, a fifth of loading a big plan.
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw DiagnosticError(diagnostic(for: error, file: file))
        } catch {
            throw DiagnosticError(.error("cannot parse YAML: \(error)", at: .file(file)))
        }
        guard let node else {
            throw DiagnosticError(.error("the file is empty", at: .file(file),
                                         hint: "a plan starts with 'plan: <name>'; see docs/plan-format.md"))
        }
        return node
    }

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return .error("invalid YAML: \(detail)", at: location(mark, file))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return .error("duplicate key \(keys) in this mapping", at: location(context.mark, file),
                          hint: "each key may appear once; merge the two entries")
        default:
            return .error("invalid YAML: \(error)", at: .file(file))
        }
    }

    private static func location(_ mark: Mark, _ file: String) -> SourceLocation {
        SourceLocation(file: file, line: mark.line, column: mark.column)
    }
}
