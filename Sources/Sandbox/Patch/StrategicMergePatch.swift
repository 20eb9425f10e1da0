/// Strategic merge patch (`application/strategic-merge-patch+json`), as `kubectl apply`,
/// `kubectl set image` and `kubectl rollout restart` send it: like a merge patch, except that
/// lists of named things (containers, env, ports, volumes…) merge item by item on their key.
/// The merge keys are those of the built-in types, looked up by field name, which is enough for
/// the objects the sandbox serves. Directives: `$patch: replace|delete`, `$retainKeys`,
/// `$deleteFromPrimitiveList/<field>`; `$setElementOrder/<field>` is accepted and ignored.
package enum StrategicMergePatch {
    /// Merge key of each list field of the built-in types the sandbox serves.
    static let mergeKeys: [String: String] = [
        "containers": "name", "initContainers": "name", "ephemeralContainers": "name",
        "env": "name", "volumes": "name", "volumeMounts": "mountPath", "volumeDevices": "devicePath",
        "imagePullSecrets": "name", "hostAliases": "ip", "conditions": "type",
        "ownerReferences": "uid", "topologySpreadConstraints": "topologyKey", "resourceClaims": "name",
    ]

    package static func apply(_ patch: JSON, to target: JSON) -> JSON {
        mergeObject(patch.objectValue ?? [:], into: target.objectValue ?? [:])
    }

    private static func mergeObject(_ patch: [String: JSON], into target: [String: JSON]) -> JSON {
        switch patch["$patch"]?.stringValue {
        case "replace":
            var replacement = patch
            replacement["$patch"] = nil
            return .object(replacement)
        case "delete":
            return .null
        default:
            break
        }
        var result = target
        if let retained = patch["$retainKeys"]?.arrayValue?.compactMap(\.stringValue) {
            result = result.filter { retained.contains($0.key) }
        }
        for (key, value) in patch {
            if key.hasPrefix("$setElementOrder/") || key == "$retainKeys" || key == "$patch" { continue }
            if key.hasPrefix("$deleteFromPrimitiveList/") {
                let field = String(key.dropFirst("$deleteFromPrimitiveList/".count))
                let removed = value.arrayValue ?? []
                result[field] = result[field]?.arrayValue.map { .array($0.filter { !removed.contains($0) }) }
                continue
            }
            result[key] = merge(field: key, patch: value, target: result[key])
        }
        return .object(result.filter { $0.value != .null || patch[$0.key] == nil })
    }

    private static func merge(field: String, patch: JSON, target: JSON?) -> JSON? {
        switch patch {
        case .null:
            return nil
        case .object(let members):
            let merged = mergeObject(members, into: target?.objectValue ?? [:])
            return merged == .null ? nil : merged
        case .array(let items):
            guard let key = mergeKey(field: field, items: items), let existing = target?.arrayValue else {
                return .array(items.filter { $0["$patch"] == nil })
            }
            return .array(mergeList(items, into: existing, key: key))
        default:
            return patch
        }
    }

    /// Service ports merge on `port`, container ports on `containerPort`.
    private static func mergeKey(field: String, items: [JSON]) -> String? {
        if field == "ports" {
            return items.contains { $0["containerPort"] != nil } ? "containerPort" : "port"
        }
        return mergeKeys[field]
    }

    private static func mergeList(_ items: [JSON], into existing: [JSON], key: String) -> [JSON] {
        if items.contains(where: { $0["$patch"]?.stringValue == "replace" }) {
            return items.filter { $0["$patch"] == nil }
        }
        var result = existing
        for item in items {
            let index = result.firstIndex { $0[key] != nil && $0[key] == item[key] }
            if item["$patch"]?.stringValue == "delete" {
                if let index { result.remove(at: index) }
            } else if let index {
                result[index] = apply(item, to: result[index])
            } else {
                result.append(apply(item, to: .emptyObject))
            }
        }
        return result
    }
}
