/// RFC 7386 JSON merge patch (`application/merge-patch+json`, sent by `kubectl label`,
/// `kubectl annotate` and `kubectl scale`): objects merge, null deletes, anything else replaces.
package enum JSONMergePatch {
    package static func apply(_ patch: JSON, to target: JSON) -> JSON {
        guard case .object(let members) = patch else { return patch }
        var result = target.objectValue ?? [:]
        for (key, value) in members {
            if value == .null {
                result[key] = nil
            } else {
                result[key] = apply(value, to: result[key] ?? .null)
            }
        }
        return .object(result)
    }
}
