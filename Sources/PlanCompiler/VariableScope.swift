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
    /// Sorted once: an unknown name's hint lists them, and a plan may have 100,000.
    let knownNames: [String]
    /// Secret values met so far.
    private(set) var secrets: Set<String> = []
    /// Variables named in text interpolated since ``takeReferences()`` was last called (not
    /// those they use in turn: a change below shows in their own resolved value).
    private var references: Set<String> = []
    /// Bytes substituted for `${…}` so far, at every level, against ``VariableLimits/expandedBytes``.
    private var expandedBytes = 0
    private var budgetSpent = false

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
        knownNames = raw.keys.sorted()
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
                        : "declared variables: \(VariableLimits.list(known)); a new one goes under 'vars:' first"))
        }
    }

    /// Every variable with its final value (for the journal and `bosun plan`).
    mutating func allValues(into diagnostics: inout DiagnosticBag) -> [String: String] {
        var values: [String: String] = [:]
        for name in knownNames {
            let value = value(of: name, at: raw[name]?.location ?? .file("--set"), &diagnostics)
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
        interpolate(text.value, at: text.location, &diagnostics)
    }

    /// One line of a file (a manifest) with every `${name}` replaced; each problem is reported at
    /// the line and column of its own reference.
    mutating func interpolate(line text: String, at start: SourceLocation, _ diagnostics: inout DiagnosticBag) -> String {
        interpolate(text, at: start, &diagnostics, locateEach: true)
    }

    private mutating func interpolate(
        _ text: String, at location: SourceLocation, _ diagnostics: inout DiagnosticBag, locateEach: Bool = false
    ) -> String {
        guard text.contains("$") else { return text }
        var output = ""
        for piece in Template.pieces(of: text) {
            var here = location
            switch piece {
            case .text(let run): output += run
            case .unterminated(let offset):
                if locateEach { here.column += offset }
                diagnostics.error("unterminated '${' in '\(text)'", at: here, hint: "close it with '}', or write '$${' for a literal '${'")
            case .reference(let name, let offset):
                if locateEach { here.column += offset }
                // `${env:…}` values are secrets and no variable: they show (masked) in the argv.
                if !name.hasPrefix("env:") { references.insert(name) }
                let value = value(of: name, at: here, &diagnostics) ?? ""
                guard spend(value.utf8.count, on: name, at: here, &diagnostics) else { return output }
                guard output.utf8.count + value.utf8.count <= VariableLimits.valueBytes else {
                    diagnostics.error("this value is longer than \(VariableLimits.shownValueBytes) once '${\(name)}' is resolved", at: here,
                                      hint: VariableLimits.valueHint)
                    return output
                }
                output += value
            }
        }
        return output
    }

    /// The variables named since the last call, sorted, and a fresh start: each step's own.
    mutating func takeReferences() -> [String] {
        defer { references = [] }
        return references.sorted()
    }

    // MARK: Resolving variables

    /// What a reference names, before resolving: a value ready to use, nothing (the error is
    /// reported), or a variable still to resolve.
    private enum Lookup {
        case ready(String)
        case failed
        case unresolved(text: String, location: SourceLocation?)
    }

    private mutating func lookup(_ name: String, at location: SourceLocation, _ diagnostics: inout DiagnosticBag) -> Lookup {
        if name.hasPrefix("env:") {
            return environmentValue(String(name.dropFirst(4)), at: location, &diagnostics).map(Lookup.ready) ?? .failed
        }
        if name.isEmpty {
            diagnostics.error("empty variable reference '${}'", at: location, hint: "write '${name}', or '$${' for a literal '${'")
            return .failed
        }
        if let done = resolved[name] { return .ready(done) }
        guard let entry = raw[name] else {
            diagnostics.error(
                "unknown variable '${\(name)}'", at: location,
                hint: (Suggestion.didYouMean(name, among: knownNames).map { $0 + " " } ?? "")
                    + "known variables: \(VariableLimits.list(knownNames)); set one with --set \(name)=VALUE")
            return .failed
        }
        return .unresolved(text: entry.value, location: entry.location)
    }

    private mutating func value(of name: String, at location: SourceLocation, _ diagnostics: inout DiagnosticBag) -> String? {
        switch lookup(name, at: location, &diagnostics) {
        case .ready(let value): return value
        case .failed: return nil
        case .unresolved(let text, let written): return resolve(name, text: text, at: written ?? location, &diagnostics)
        }
    }

    /// A variable being resolved: its value's pieces, how far they are done, and the text so far.
    private struct Frame {
        let name: String
        /// Where its value is written (where a reference is, for values from `--set`).
        let location: SourceLocation
        let text: String
        let pieces: [Template.Piece]
        var next = 0
        var output = ""
    }

    /// Resolves `name` and every variable it uses, depth first with an explicit stack, never by
    /// recursion: a chain of 100,000 variables is as deep as the stack then, and a thread's
    /// stack ran out near 3,000. Each variable is resolved once (``resolved``) and at most
    /// ``VariableLimits/valueBytes`` long, so variables that each use the previous one twice
    /// stop at a megabyte rather than doubling into gigabytes.
    private mutating func resolve(_ name: String, text: String, at location: SourceLocation, _ diagnostics: inout DiagnosticBag) -> String {
        var stack = [Frame(name: name, location: location, text: text, pieces: Template.pieces(of: text))]
        var depth: [String: Int] = [name: 0]
        while let top = stack.indices.last {
            guard stack[top].next < stack[top].pieces.count else {
                let done = stack.removeLast()
                depth[done.name] = nil
                resolved[done.name] = done.output
                if secretNames.contains(done.name) { keepSecret(done.output, name: "'\(done.name)'", at: done.location, &diagnostics) }
                guard let parent = stack.indices.last else { return done.output }
                append(done.output, substituting: done.name, to: &stack[parent], &diagnostics)
                continue
            }
            let piece = stack[top].pieces[stack[top].next]
            stack[top].next += 1
            let here = stack[top].location
            switch piece {
            case .text(let run): append(run, to: &stack[top], &diagnostics)
            case .unterminated:
                diagnostics.error("unterminated '${' in '\(stack[top].text)'", at: here, hint: "close it with '}', or write '$${' for a literal '${'")
            case .reference(let used, _):
                switch lookup(used, at: here, &diagnostics) {
                case .ready(let value): append(value, substituting: used, to: &stack[top], &diagnostics)
                case .failed: break
                case .unresolved(let text, let written):
                    if let start = depth[used] {
                        let loop = VariableLimits.loop(stack[start...].map(\.name) + [used])
                        diagnostics.error("variable '\(used)' refers to itself: \(loop)", at: written ?? here)
                        resolved[used] = ""
                    } else {
                        depth[used] = stack.count
                        stack.append(Frame(name: used, location: written ?? here, text: text, pieces: Template.pieces(of: text)))
                    }
                }
            }
        }
        return ""
    }

    /// Adds to a variable's value; past ``VariableLimits/valueBytes`` the variable is an error
    /// and resolves to nothing, so nothing built on it grows either.
    private mutating func append(_ piece: some StringProtocol, substituting used: String? = nil, to frame: inout Frame, _ diagnostics: inout DiagnosticBag) {
        if let used, !spend(piece.utf8.count, on: used, at: frame.location, &diagnostics) {
            frame.next = frame.pieces.count
            return
        }
        guard frame.output.utf8.count + piece.utf8.count <= VariableLimits.valueBytes else {
            diagnostics.error("variable '\(frame.name)' is longer than \(VariableLimits.shownValueBytes) once resolved", at: frame.location,
                              hint: VariableLimits.valueHint)
            frame.output = ""
            frame.next = frame.pieces.count
            return
        }
        frame.output += piece
    }

    /// Counts `bytes` substituted for `${name}` against the compile's ``VariableLimits/expandedBytes``;
    /// false (reported once) when the budget is spent.
    private mutating func spend(_ bytes: Int, on name: String, at location: SourceLocation, _ diagnostics: inout DiagnosticBag) -> Bool {
        guard !budgetSpent else { return false }
        expandedBytes += bytes
        guard expandedBytes > VariableLimits.expandedBytes else { return true }
        budgetSpent = true
        diagnostics.error("variables expand to more than \(VariableLimits.shownExpandedBytes) in all, here at '${\(name)}'", at: location,
                          hint: "a value used in many places is copied into each; the values of one plan add up to at most "
                              + VariableLimits.shownExpandedBytes)
        return false
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
