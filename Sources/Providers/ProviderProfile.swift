import Foundation
import BosunBasics
import PlanLoading

/// A provider declared in `providers/<name>.yaml`: the parameters an environment gives, the
/// tools it needs, and how to connect (credentials into the run-private kubeconfig) and check health.
public struct ProviderProfile: Sendable {
    public struct Parameter: Sendable {
        public var name: String
        public var required: Bool
        /// A file path, resolved against the plan's folder (`~` expands to the home folder).
        public var isPath: Bool
        public var description: String?
    }

    /// A tool the provider needs on PATH, with the argv that prints its version.
    public struct Tool: Sendable {
        public var name: String
        public var versionArgv: [String]
    }

    public var name: String
    public var description: String?
    public var file: String
    public var parameters: [Parameter]
    public var tools: [Tool]
    public var connect: [ArgvTemplate]
    public var health: ArgvTemplate

    public func parameter(named name: String) -> Parameter? { parameters.first { $0.name == name } }
}

/// A command with `{placeholder}` words, filled from an environment's parameters.
/// Optional parameters contribute their `optional` words only when the environment gives them.
public struct ArgvTemplate: Sendable {
    public var argv: [String]
    public var optional: [(parameter: String, words: [String])]
    /// Write standard output to this file (a template word too, e.g. `{run_kubeconfig}`).
    public var stdout: String?
    /// Trimmed standard output that means success.
    public var expect: String?
    public var location: SourceLocation

    /// Placeholder every template may use: the run-private kubeconfig file.
    public static let runKubeconfig = "run_kubeconfig"

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
    public func render(_ values: [String: String]) -> (argv: [String], stdout: String?) {
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
