import BosunBasics
import Yams

/// Reads typed fields out of a Yams node tree, recording a located diagnostic for every
/// problem (wrong type, unknown key, duplicate key) instead of stopping at the first.
package struct YAMLFields {
    package let file: String
    package var diagnostics = DiagnosticBag()

    package init(file: String) { self.file = file }

    package func location(of node: Node) -> SourceLocation {
        guard let mark = node.mark else { return .file(file) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    // MARK: Scalars

    /// Any scalar as text (`2`, `true` and `v1` are all strings here), or nil with an error.
    package mutating func string(_ node: Node, field: String) -> Located<String>? {
        guard case .scalar(let scalar) = node else {
            diagnostics.error("'\(field)' must be a single value, not \(describe(node))", at: location(of: node))
            return nil
        }
        return Located(scalar.string, at: location(of: node))
    }

    package mutating func integer(_ node: Node, field: String) -> Located<Int>? {
        guard let text = string(node, field: field) else { return nil }
        guard let value = Int(text.value), value >= 0 else {
            diagnostics.error("'\(field)' must be a whole number ≥ 0, got '\(text.value)'", at: text.location)
            return nil
        }
        return Located(value, at: text.location)
    }

    /// A count within `bounds` (`retries`).
    package mutating func count(_ node: Node, _ bounds: CountBounds) -> Located<Int>? {
        guard let text = string(node, field: bounds.field) else { return nil }
        switch bounds.value(in: text.value) {
        case .success(let value): return Located(value, at: text.location)
        case .failure(let problem):
            diagnostics.error(problem.message, at: text.location, hint: problem.hint)
            return nil
        }
    }

    /// A duration within `bounds`, kept as written. One that uses a variable is checked by the
    /// compiler once the variable is resolved.
    package mutating func duration(_ node: Node, _ bounds: DurationBounds) -> Located<String>? {
        guard let text = string(node, field: bounds.field) else { return nil }
        guard !text.value.contains("$"), case .failure(let problem) = bounds.seconds(in: text.value) else { return text }
        diagnostics.error(problem.message, at: text.location, hint: problem.hint)
        return nil
    }

    package mutating func bool(_ node: Node, field: String) -> Bool? {
        guard let text = string(node, field: field) else { return nil }
        switch text.value.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            diagnostics.error("'\(field)' must be true or false, got '\(text.value)'", at: text.location)
            return nil
        }
    }

    /// A list of scalars; a single scalar is accepted as a one-element list where `allowSingle`.
    package mutating func strings(_ node: Node, field: String, allowSingle: Bool = false) -> [Located<String>]? {
        if allowSingle, case .scalar = node { return string(node, field: field).map { [$0] } }
        guard case .sequence(let sequence) = node else {
            diagnostics.error("'\(field)' must be a list, not \(describe(node))", at: location(of: node))
            return nil
        }
        return sequence.compactMap { string($0, field: field) }
    }

    /// A mapping of names to scalar values (`vars:`, `labels:`), in file order.
    mutating func definitions(_ node: Node, field: String) -> [Located<VariableDefinition>] {
        guard let pairs = mapping(node, field: field) else { return [] }
        return pairs.compactMap { key, value in
            guard let name = string(key, field: field) else { return nil }
            // `name: value`, or `name: { value: …, secret: true }` for a value never to be shown.
            if case .mapping = value {
                guard let keyed = keyed(value, field: "\(field).\(name.value)", allowed: ["value", "secret"]),
                      let valueNode = keyed.require("value", in: "\(field).\(name.value)", into: &self),
                      let text = string(valueNode, field: "\(field).\(name.value).value") else { return nil }
                let secret = keyed["secret"].flatMap { bool($0, field: "\(field).\(name.value).secret") } ?? false
                return Located(VariableDefinition(name: name.value, value: text.value, secret: secret), at: name.location)
            }
            guard let text = string(value, field: "\(field).\(name.value)") else { return nil }
            return Located(VariableDefinition(name: name.value, value: text.value), at: name.location)
        }
    }

    // MARK: Mappings

    /// The key/value pairs of a mapping (Yams itself rejects duplicate keys).
    package mutating func mapping(_ node: Node, field: String) -> [(key: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            diagnostics.error("'\(field)' must be a mapping of keys to values, not \(describe(node))", at: location(of: node))
            return nil
        }
        return Array(mapping)
    }

    /// Opens a mapping whose keys are a fixed set; see ``KeyedFields``.
    package mutating func keyed(_ node: Node, field: String, allowed: [String]) -> KeyedFields? {
        guard let pairs = mapping(node, field: field) else { return nil }
        var values: [String: Node] = [:]
        var keyLocations: [String: SourceLocation] = [:]
        for (key, value) in pairs {
            guard let name = key.string else {
                diagnostics.error("keys of '\(field)' must be plain names", at: location(of: key))
                continue
            }
            if values[name] == nil {
                values[name] = value
                keyLocations[name] = location(of: key)
            }
            if !allowed.contains(name) {
                // Keys are ASCII; a look-alike letter (Cyrillic 'а' for 'a') is named outright.
                let foreign = name.unicodeScalars.filter { !$0.isASCII && !VisibleText.isHidden($0) }
                    .map { "'\($0)' is U+\(String($0.value, radix: 16, uppercase: true))" }
                let hidden = VisibleText.hasHidden(name) ? " (it contains invisible characters)"
                    : foreign.isEmpty ? "" : " (not ASCII: \(foreign.joined(separator: ", ")))"
                diagnostics.error(
                    "unknown key '\(VisibleText.escape(name))' in \(field)\(hidden)", at: location(of: key),
                    hint: Suggestion.didYouMean(name, among: allowed) ?? "allowed keys: \(allowed.joined(separator: ", "))")
            }
        }
        return KeyedFields(values: values, keyLocations: keyLocations, location: location(of: node))
    }

    package func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): "the value '\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }
}

/// The fields of one mapping with a fixed set of keys.
package struct KeyedFields {
    let values: [String: Node]
    let keyLocations: [String: SourceLocation]
    package let location: SourceLocation

    package subscript(key: String) -> Node? { values[key] }

    func has(_ key: String) -> Bool { values[key] != nil }

    /// Reports a required key that is missing.
    package func require(_ key: String, in field: String, into fields: inout YAMLFields) -> Node? {
        if let node = values[key] { return node }
        fields.diagnostics.error("\(field) is missing '\(key)'", at: location)
        return nil
    }
}
