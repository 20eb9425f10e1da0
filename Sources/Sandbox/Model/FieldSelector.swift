/// A field selector as kubectl sends it (`metadata.name=web`, used by `kubectl wait` and
/// `kubectl rollout status` to watch one object). Only the fields clients commonly use.
package struct FieldSelector: Sendable, Equatable {
    struct Requirement: Sendable, Equatable {
        let path: [String]
        let value: String
        let negated: Bool
    }

    let requirements: [Requirement]

    package static let everything = FieldSelector(requirements: [])

    init(requirements: [Requirement]) { self.requirements = requirements }

    static let supportedFields: Set<String> = [
        "metadata.name", "metadata.namespace", "status.phase", "spec.nodeName", "type",
    ]

    package init(parsing text: String) throws(SelectorError) {
        var requirements: [Requirement] = []
        for term in text.split(separator: ",").map(String.init) where !term.isEmpty {
            let negated = term.contains("!=")
            let separator = negated ? "!=" : (term.contains("==") ? "==" : "=")
            guard let range = term.range(of: separator) else {
                throw SelectorError(message: "invalid field selector \"\(term)\"")
            }
            let field = String(term[..<range.lowerBound])
            guard Self.supportedFields.contains(field) else {
                throw SelectorError(message: "field label not supported: \(field)")
            }
            let path = field.split(separator: ".").map(String.init)
            requirements.append(Requirement(path: path, value: String(term[range.upperBound...]), negated: negated))
        }
        self.requirements = requirements
    }

    package func matches(_ object: JSON) -> Bool {
        requirements.allSatisfy { requirement in
            let actual = object[path: requirement.path]?.stringValue ?? ""
            return (actual == requirement.value) != requirement.negated
        }
    }
}
