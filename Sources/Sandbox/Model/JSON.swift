import Foundation

/// A JSON value: the sandbox stores Kubernetes objects untyped, as the API server's
/// unstructured view does, so that any field a manifest carries survives a round trip.
package enum JSON: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    package static let emptyObject = JSON.object([:])

    var objectValue: [String: JSON]? { if case .object(let value) = self { value } else { nil } }
    package var arrayValue: [JSON]? { if case .array(let value) = self { value } else { nil } }
    package var stringValue: String? { if case .string(let value) = self { value } else { nil } }
    package var boolValue: Bool? { if case .bool(let value) = self { value } else { nil } }
    /// The integer this number is; nil for fractions and for numbers beyond Int (JSON parsing
    /// keeps 2^63 or 1e300 as doubles, which `Int(_:)` would trap on).
    package var intValue: Int? {
        switch self {
        case .int(let value): value
        case .double(let value): Int(exactly: value)
        default: nil
        }
    }

    /// A member of an object; nil for other values. Setting on a non-object makes it an object.
    package subscript(key: String) -> JSON? {
        get { objectValue?[key] }
        set {
            var members = objectValue ?? [:]
            members[key] = newValue
            self = .object(members)
        }
    }

    /// A nested member; setting creates the intermediate objects, as `kubectl patch` would need.
    package subscript(path path: [String]) -> JSON? {
        get {
            var current: JSON? = self
            for key in path { current = current?[key] }
            return current
        }
        set {
            guard let first = path.first else { if let newValue { self = newValue }; return }
            var child = self[first] ?? .emptyObject
            if path.count == 1 { self[first] = newValue; return }
            child[path: Array(path.dropFirst())] = newValue
            self[first] = child
        }
    }

    /// String members of an object (labels, annotations, selectors).
    var stringMap: [String: String] {
        (objectValue ?? [:]).compactMapValues(\.stringValue)
    }

    /// This value without nulls, empty objects and empty arrays, at any depth: how two objects
    /// that differ only in how a client spelled "nothing" compare equal.
    var pruned: JSON {
        switch self {
        case .object(let members):
            let kept = members.mapValues(\.pruned).filter { !$0.value.isNothing }
            return .object(kept)
        case .array(let items):
            return .array(items.map(\.pruned).filter { !$0.isNothing })
        default:
            return self
        }
    }

    private var isNothing: Bool {
        self == .null || self == .emptyObject || self == .array([])
    }

    package init(_ map: [String: String]) {
        self = .object(map.mapValues { .string($0) })
    }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    package init(stringLiteral value: String) { self = .string(value) }
    package init(integerLiteral value: Int) { self = .int(value) }
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    package init(arrayLiteral elements: JSON...) { self = .array(elements) }
    package init(dictionaryLiteral elements: (String, JSON)...) {
        self = .object(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }
    package init(nilLiteral: ()) { self = .null }
}
