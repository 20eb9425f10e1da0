import Foundation

/// RFC 6902 JSON patch (`application/json-patch+json`): `kubectl rollout undo` replaces
/// `/spec/template` and `/metadata/annotations` of a deployment this way.
package enum JSONPatch {
    package static func apply(_ operations: JSON, to target: JSON) throws(APIError) -> JSON {
        guard let list = operations.arrayValue else { throw .badRequest("a JSON patch must be an array of operations") }
        var document = target
        for operation in list {
            document = try applyOne(operation, to: document)
        }
        return document
    }

    private static func applyOne(_ operation: JSON, to document: JSON) throws(APIError) -> JSON {
        let op = operation["op"]?.stringValue ?? ""
        let path = try pointer(operation["path"])
        switch op {
        case "add", "replace":
            // `replace` of a missing member is accepted like `add`: a deployment without
            // annotations can still be rolled back.
            return try set(document, at: path, to: operation["value"] ?? .null, inserting: op == "add")
        case "remove":
            return try remove(document, at: path)
        case "test":
            // The API server's answer (422) names the failed test, not a kind.
            guard value(document, at: path) == operation["value"] else { throw .unprocessable("testing value /\(path.joined(separator: "/")) failed: test failed") }
            return document
        case "move", "copy":
            let from = try pointer(operation["from"])
            guard let moved = value(document, at: from) else { throw .badRequest("no value at \(from)") }
            let source = op == "move" ? try remove(document, at: from) : document
            return try set(source, at: path, to: moved, inserting: true)
        default:
            throw .badRequest("unsupported JSON patch operation \"\(op)\"")
        }
    }

    private static func pointer(_ json: JSON?) throws(APIError) -> [String] {
        guard let text = json?.stringValue, text.isEmpty || text.hasPrefix("/") else { throw .badRequest("invalid JSON pointer") }
        return text.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
    }

    private static func value(_ document: JSON, at path: [String]) -> JSON? {
        var current: JSON? = document
        for token in path {
            if let array = current?.arrayValue, let index = Int(token), array.indices.contains(index) {
                current = array[index]
            } else {
                current = current?[token]
            }
        }
        return current
    }

    private static func set(_ document: JSON, at path: [String], to newValue: JSON, inserting: Bool) throws(APIError) -> JSON {
        guard let token = path.first else { return newValue }
        let rest = Array(path.dropFirst())
        if case .array(var items) = document {
            let index = token == "-" ? items.count : Int(token) ?? -1
            guard (0...items.count).contains(index) else { throw .badRequest("index \(token) out of range") }
            if rest.isEmpty {
                if inserting || index == items.count { items.insert(newValue, at: index) } else { items[index] = newValue }
            } else {
                guard index < items.count else { throw .badRequest("index \(token) out of range") }
                items[index] = try set(items[index], at: rest, to: newValue, inserting: inserting)
            }
            return .array(items)
        }
        var object = document.objectValue ?? [:]
        if rest.isEmpty {
            object[token] = newValue
        } else {
            guard let child = object[token] else { throw .badRequest("no value at /\(path.joined(separator: "/"))") }
            object[token] = try set(child, at: rest, to: newValue, inserting: inserting)
        }
        return .object(object)
    }

    private static func remove(_ document: JSON, at path: [String]) throws(APIError) -> JSON {
        guard let token = path.first else { return .null }
        let rest = Array(path.dropFirst())
        if case .array(var items) = document, let index = Int(token), items.indices.contains(index) {
            if rest.isEmpty { items.remove(at: index) } else { items[index] = try remove(items[index], at: rest) }
            return .array(items)
        }
        guard var object = document.objectValue, let child = object[token] else {
            throw .badRequest("no value to remove at \(token)")
        }
        object[token] = rest.isEmpty ? nil : try remove(child, at: rest)
        return .object(object)
    }
}
