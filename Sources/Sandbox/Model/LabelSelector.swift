import Foundation

/// A label selector in the string form kubectl sends (`-l app=web,tier!=db,env in (a,b),!legacy`),
/// or built from a `matchLabels`/`matchExpressions` object of a workload's spec.
package struct LabelSelector: Sendable, Equatable {
    enum Requirement: Sendable, Equatable {
        case equals(String, String)
        case notEquals(String, String)
        case isIn(String, Set<String>)
        case notIn(String, Set<String>)
        case exists(String)
        case doesNotExist(String)

        func matches(_ labels: [String: String]) -> Bool {
            switch self {
            case .equals(let key, let value): labels[key] == value
            case .notEquals(let key, let value): labels[key] != value
            case .isIn(let key, let values): labels[key].map(values.contains) ?? false
            case .notIn(let key, let values): !(labels[key].map(values.contains) ?? false)
            case .exists(let key): labels[key] != nil
            case .doesNotExist(let key): labels[key] == nil
            }
        }
    }

    let requirements: [Requirement]

    package static let everything = LabelSelector(requirements: [])

    init(requirements: [Requirement]) { self.requirements = requirements }

    package func matches(_ labels: [String: String]) -> Bool {
        requirements.allSatisfy { $0.matches(labels) }
    }

    /// Parses the query-string form; throws a message kubectl can show on bad syntax.
    package init(parsing text: String) throws(SelectorError) {
        var requirements: [Requirement] = []
        for term in Self.splitTerms(text) {
            requirements.append(try Self.parseTerm(term))
        }
        self.requirements = requirements
    }

    /// A workload's `spec.selector` (`matchLabels` and `matchExpressions`).
    package init(spec selector: JSON?) {
        var requirements = (selector?["matchLabels"]?.stringMap ?? [:]).sorted { $0.key < $1.key }
            .map { Requirement.equals($0.key, $0.value) }
        for expression in selector?["matchExpressions"]?.arrayValue ?? [] {
            let key = expression["key"]?.stringValue ?? ""
            let values = Set((expression["values"]?.arrayValue ?? []).compactMap(\.stringValue))
            switch expression["operator"]?.stringValue {
            case "In": requirements.append(.isIn(key, values))
            case "NotIn": requirements.append(.notIn(key, values))
            case "Exists": requirements.append(.exists(key))
            case "DoesNotExist": requirements.append(.doesNotExist(key))
            default: break
            }
        }
        self.requirements = requirements
    }

    /// Commas separate terms except inside `in (a,b)` sets.
    private static func splitTerms(_ text: String) -> [String] {
        var terms: [String] = []
        var current = ""
        var depth = 0
        for character in text {
            if character == "(" { depth += 1 }
            if character == ")" { depth -= 1 }
            if character == ",", depth == 0 {
                terms.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        terms.append(current)
        return terms.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    private static func parseTerm(_ term: String) throws(SelectorError) -> Requirement {
        if term.hasPrefix("!") { return .doesNotExist(String(term.dropFirst()).trimmingCharacters(in: .whitespaces)) }
        for (separator, make) in [("!=", Requirement.notEquals), ("==", Requirement.equals), ("=", Requirement.equals)] {
            if let range = term.range(of: separator) {
                let key = term[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
                let value = term[range.upperBound...].trimmingCharacters(in: .whitespaces)
                guard !key.isEmpty else { throw SelectorError(message: "invalid selector term \"\(term)\"") }
                return make(key, value)
            }
        }
        let words = term.split(separator: " ", maxSplits: 1).map(String.init)
        if words.count == 2, let open = words[1].firstIndex(of: "("), words[1].hasSuffix(")") {
            let operation = words[1][..<open].trimmingCharacters(in: .whitespaces)
            let inside = words[1][words[1].index(after: open)..<words[1].index(before: words[1].endIndex)]
            let values = Set(inside.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            switch operation {
            case "in": return .isIn(words[0], values)
            case "notin": return .notIn(words[0], values)
            default: break
            }
        }
        guard !term.contains(" ") else { throw SelectorError(message: "invalid selector term \"\(term)\"") }
        return .exists(term)
    }
}

/// A selector that could not be parsed; the API answers 400 with this message.
package struct SelectorError: Error, Sendable, Equatable {
    package let message: String
}
