/// One change to the store, as a watch stream delivers it.
package struct WatchEvent: Sendable, Equatable {
    enum Kind: String, Sendable { case added = "ADDED", modified = "MODIFIED", deleted = "DELETED" }

    let kind: Kind
    let type: ResourceType
    let object: JSON
    let resourceVersion: Int

    /// The line a JSON watch stream sends: `{"type":"ADDED","object":{…}}`.
    var frame: JSON { ["type": .string(kind.rawValue), "object": object] }
}

/// What a list or watch asks for: one resource type, optionally one namespace, and selectors.
package struct ObjectQuery: Sendable {
    package let type: ResourceType
    package let namespace: String?
    package let labels: LabelSelector
    package let fields: FieldSelector

    package init(
        _ type: ResourceType, namespace: String? = nil, labels: LabelSelector = .everything,
        fields: FieldSelector = .everything
    ) {
        self.type = type
        self.namespace = namespace
        self.labels = labels
        self.fields = fields
    }

    package func matches(_ type: ResourceType, _ object: JSON) -> Bool {
        type == self.type && (namespace == nil || object.namespace == namespace)
            && labels.matches(object.labels) && fields.matches(object)
    }
}
