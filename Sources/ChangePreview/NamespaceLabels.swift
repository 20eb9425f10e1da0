import Foundation

/// A namespace step's labels: the ones it sets, and what `kubectl apply` would do to the live ones.
enum NamespaceLabels {
    /// The labels of a Namespace manifest as JSON: the one a namespace step applies, or the last
    /// one applied, kept in an annotation.
    static func desired(in manifest: String) -> [String: String] {
        let object = try? JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any]
        return (object?["metadata"] as? [String: Any])?["labels"] as? [String: String] ?? [:]
    }

    /// What applying `desired` to the namespace as `kubectl get -o json` printed it (empty: it
    /// does not exist) changes. A label is removed only when the last `kubectl apply` set it and
    /// the plan no longer does: client-side apply leaves labels others set alone.
    static func change(name: String, desired: [String: String], live json: String) -> NamespaceChange? {
        let trimmed = json.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return NamespaceChange(name: name, exists: false, added: desired, changed: [:], removed: [:]) }
        guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any],
              let metadata = object["metadata"] as? [String: Any] else { return nil }
        let live = metadata["labels"] as? [String: String] ?? [:]
        var change = NamespaceChange(name: name, exists: true, added: [:], changed: [:], removed: [:])
        for (key, value) in desired {
            if let current = live[key] {
                if current != value { change.changed[key] = .init(from: current, to: value) }
            } else {
                change.added[key] = value
            }
        }
        // The last applied manifest, as client-side apply keeps it: the same JSON a step applies.
        let applied = (metadata["annotations"] as? [String: String])?["kubectl.kubernetes.io/last-applied-configuration"]
        let lastLabels = applied.map(desired(in:)) ?? [:]
        for key in lastLabels.keys where desired[key] == nil {
            if let value = live[key] { change.removed[key] = value }
        }
        return change
    }

}
