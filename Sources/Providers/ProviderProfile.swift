import Foundation
import BosunBasics
import PlanLoading

/// A provider declared in `providers/<name>.yaml`: the parameters an environment gives, the
/// tools it needs, and how to connect (credentials into the run-private kubeconfig) and check health.
package struct ProviderProfile: Sendable {
    package struct Parameter: Sendable {
        package var name: String
        package var required: Bool
        /// A file path, resolved against the plan's folder (`~` expands to the home folder).
        package var isPath: Bool
        package var description: String?
    }

    /// A tool the provider needs on PATH, with the argv that prints its version.
    package struct Tool: Sendable {
        package var name: String
        package var versionArgv: [String]
    }

    package var name: String
    package var description: String?
    package var file: String
    package var parameters: [Parameter]
    package var tools: [Tool]
    package var connect: [ArgvTemplate]
    package var health: ArgvTemplate

    package func parameter(named name: String) -> Parameter? { parameters.first { $0.name == name } }
}

/// A command with `{placeholder}` words, filled from an environment's parameters.
/// Optional parameters contribute their `optional` words only when the environment gives them.
package struct ArgvTemplate: Sendable {
    package var argv: [String]
    package var optional: [(parameter: String, words: [String])]
    /// Write standard output to this file (a template word too, e.g. `{run_kubeconfig}`).
    package var stdout: String?
    /// Trimmed standard output that means success.
    package var expect: String?
    package var location: SourceLocation

    /// Placeholder every template may use: the run-private kubeconfig file.
    package static let runKubeconfig = "run_kubeconfig"

    /// The names of every `{placeholder}` used, for validation at load time.
    var placeholders: [String] {
        let words = argv + optional.flatMap(\.words) + (stdout.map { [$0] } ?? [])
        return words.flatMap(Self.placeholders(in:))
    }

    static func placeholders(in word: String) -> [String] {
        var names: [String] = []
        var rest = word[...]
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            names.append(String(rest[rest.index(after: open)..<close]))
            rest = rest[rest.index(after: close)...]
        }
        return names
    }

    /// The argv with placeholders replaced; `values` must hold every placeholder used.
    package func render(_ values: [String: String]) -> (argv: [String], stdout: String?) {
        func fill(_ word: String) -> String {
            var result = word
            for name in Self.placeholders(in: word) { result = result.replacingOccurrences(of: "{\(name)}", with: values[name] ?? "") }
            return result
        }
        var words = argv.map(fill)
        for (parameter, extra) in optional where values[parameter] != nil { words += extra.map(fill) }
        return (words, stdout.map(fill))
    }
}
