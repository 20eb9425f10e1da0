import BosunBasics
import PlanLoading

/// The variables visible to a plan for one environment, and strict `${name}` interpolation.
///
/// Precedence, lowest first: built-ins (`plan`, `environment`), plan `vars`, environment `vars`,
/// `BOSUN_VAR_<name>` environment variables, `--set name=value`. A value may use other variables;
/// a variable that (indirectly) uses itself is an error. `$${` writes a literal `${`.
///
/// `${env:NAME}` reads the environment variable NAME (strictly: unset is an error). Its value, and
/// the value of every variable marked `secret: true`, is a secret: collected in ``secrets`` so
/// that everything shown or written can be masked.
struct VariableScope {
    private var raw: [String: (value: String, location: SourceLocation?)] = [:]
    private var resolved: [String: String] = [:]
    private var secretNames: Set<String> = []
    private let processEnvironment: [String: String]
    /// Secret values met so far.
    private(set) var secrets: Set<String> = []

    init(document: PlanDocument, environment: EnvironmentSpec, processEnvironment: [String: String], overrides: [String: String]) {
        self.processEnvironment = processEnvironment
        raw["plan"] = (document.name.value, nil)
        raw["environment"] = (environment.name.value, nil)
        for definition in document.vars + environment.vars {
            raw[definition.value.name] = (definition.value.value, definition.location)
            if definition.value.secret { secretNames.insert(definition.value.name) } else { secretNames.remove(definition.value.name) }
        }
        for (key, value) in processEnvironment where key.hasPrefix(Self.environmentPrefix) {
            raw[String(key.dropFirst(Self.environmentPrefix.count))] = (value, nil)
        }
        for (name, value) in overrides { raw[name] = (value, nil) }
    }

    static let environmentPrefix = "BOSUN_VAR_"
    static let builtIns = ["plan", "environment"]

    /// `--set` and `BOSUN_VAR_` names the plan declares nowhere (a typo would otherwise deploy the
    /// default silently), and built-ins, which cannot be set. Each is an error naming the input.
    static func checkInputs(
        _ document: PlanDocument, overrides: [String: String], processEnvironment: [String: String], into diagnostics: inout DiagnosticBag
    ) {
        let declared = Set((document.vars + document.environments.flatMap(\.vars)).map(\.value.name))
        let inputs = overrides.keys.sorted().map { (name: $0, given: "--set \($0)=…") }
            + processEnvironment.keys.filter { $0.hasPrefix(environmentPrefix) }.sorted()
                .map { (name: String($0.dropFirst(environmentPrefix.count)), given: "environment variable \($0)") }
        for input in inputs where !declared.contains(input.name) {
            if builtIns.contains(input.name) {
                diagnostics.error("\(input.given): '\(input.name)' is built in and cannot be set", at: .file(document.file),
                                  hint: "declare a variable of another name in 'vars:'")
                continue
            }
            let known = declared.sorted()
            diagnostics.error(
                "\(input.given): plan \(document.name.value) declares no variable '\(input.name)'", at: .file(document.file),
                hint: (Suggestion.didYouMean(input.name, among: known).map { $0 + " " } ?? "")
                    + (known.isEmpty ? "the plan declares no variables; add it under 'vars:'"
                        : "declared variables: \(known.joined(separator: ", ")); a new one goes under 'vars:' first"))
        }
    }

    var knownNames: [String] { raw.keys.sorted() }

    /// Every variable with its final value (for the journal and `bosun plan`).
    mutating func allValues(into diagnostics: inout DiagnosticBag) -> [String: String] {
        var values: [String: String] = [:]
        for name in knownNames {
            let value = value(of: name, at: raw[name]?.location ?? .file("--set"), visiting: [], &diagnostics)
            values[name] = secretNames.contains(name) ? Redactor.mask : value
        }
        return values
    }

    /// The resolved value of every variable declared secret (after ``allValues(into:)``).
    var secretValues: [String: String] {
        var values: [String: String] = [:]
        for name in secretNames { if let value = resolved[name] { values[name] = value } }
        return values
    }

    /// `text` with every `${name}` replaced; unknown names and syntax errors are reported at `text.location`.
    mutating func interpolate(_ text: Located<String>, _ diagnostics: inout DiagnosticBag) -> String {
        interpolate(text.value, at: text.location, visiting: [], &diagnostics)
    }

    /// One line of a file (a manifest) with every `${name}` replaced; each problem is reported at
    /// the line and column of its own reference.
    mutating func interpolate(line text: String, at start: SourceLocation, _ diagnostics: inout DiagnosticBag) -> String {
        interpolate(text, at: start, visiting: [], &diagnostics, locateEach: true)
    }

    private mutating func interpolate(
        _ text: String, at location: SourceLocation, visiting: [String], _ diagnostics: inout DiagnosticBag, locateEach: Bool = false
    ) -> String {
        guard text.contains("$") else { return text }
        var output = ""
        var rest = Substring(text)
        while let dollar = rest.firstIndex(of: "$") {
            output += rest[..<dollar]
            var location = location
            if locateEach { location.column += text.distance(from: text.startIndex, to: dollar) }
            let afterDollar = rest[rest.index(after: dollar)...]
            if afterDollar.hasPrefix("${") {  // `$${` escapes a literal `${`
                output += "${"
                rest = afterDollar.dropFirst(2)
            } else if afterDollar.hasPrefix("{") {
                guard let close = afterDollar.firstIndex(of: "}") else {
                    diagnostics.error("unterminated '${' in '\(text)'", at: location, hint: "close it with '}', or write '$${' for a literal '${'")
                    return output
                }
                let name = String(afterDollar[afterDollar.index(after: afterDollar.startIndex)..<close])
                output += value(of: name, at: location, visiting: visiting, &diagnostics) ?? ""
                rest = afterDollar[afterDollar.index(after: close)...]
            } else {
                output += "$"
                rest = afterDollar
            }
        }
        return output + rest
    }

    private mutating func value(of name: String, at location: SourceLocation, visiting: [String], _ diagnostics: inout DiagnosticBag) -> String? {
        if name.hasPrefix("env:") { return environmentValue(String(name.dropFirst(4)), at: location, &diagnostics) }
        if name.isEmpty {
            diagnostics.error("empty variable reference '${}'", at: location, hint: "write '${name}', or '$${' for a literal '${'")
            return nil
        }
        if let done = resolved[name] { return done }
        guard let entry = raw[name] else {
            diagnostics.error(
                "unknown variable '${\(name)}'", at: location,
                hint: (Suggestion.didYouMean(name, among: knownNames).map { $0 + " " } ?? "")
                    + "known variables: \(knownNames.joined(separator: ", ")); set one with --set \(name)=VALUE")
            return nil
        }
        if visiting.contains(name) {
            let loop = (visiting.drop { $0 != name } + [name]).joined(separator: " -> ")
            diagnostics.error("variable '\(name)' refers to itself: \(loop)", at: entry.location ?? location)
            resolved[name] = ""
            return nil
        }
        let value = interpolate(entry.value, at: entry.location ?? location, visiting: visiting + [name], &diagnostics)
        resolved[name] = value
        if secretNames.contains(name) { keepSecret(value, name: "'\(name)'", at: entry.location ?? location, &diagnostics) }
        return value
    }

    /// `${env:NAME}`: a value from Bosun's own environment, treated as a secret.
    private mutating func environmentValue(_ name: String, at location: SourceLocation, _ diagnostics: inout DiagnosticBag) -> String? {
        guard let value = processEnvironment[name] else {
            diagnostics.error("environment variable '\(name)' is not set (used as '${env:\(name)}')", at: location,
                              hint: "export \(name)=… before running bosun")
            return nil
        }
        keepSecret(value, name: "'${env:\(name)}'", at: location, &diagnostics)
        return value
    }

    private mutating func keepSecret(_ value: String, name: String, at location: SourceLocation, _ diagnostics: inout DiagnosticBag) {
        guard !value.isEmpty else { return }
        if value.count < Redactor.minimumLength {
            diagnostics.error("secret \(name) is too short to be masked reliably (\(value.count) characters)", at: location,
                              hint: "secrets need at least \(Redactor.minimumLength) characters")
        }
        secrets.insert(value)
    }
}
