/// One change to the store, as a watch stream delivers it.
public struct WatchEvent: Sendable, Equatable {
    public enum Kind: String, Sendable { case added = "ADDED", modified = "MODIFIED", deleted = "DELETED" }

    public let kind: Kind
    public let type: ResourceType
    public let object: JSON
    public let resourceVersion: Int

    /// The line a JSON watch stream sends: `{"type":"ADDED","object":{…}}`.
    public var frame: JSON { ["type": .string(kind.rawValue), "object": object] }
}

/// What a list or watch asks for: one resource type, optionally one namespace, and selectors.
public struct ObjectQuery: Sendable {
    public let type: ResourceType
    public let namespace: String?
    public let labels: LabelSelector
    public let fields: FieldSelector

    public init(
        _ type: ResourceType, namespace: String? = nil, labels: LabelSelector = .everything,
        fields: FieldSelector = .everything
    ) {
        self.type = type
        self.namespace = namespace
        self.labels = labels
        self.fields = fields
    }

    public func matches(_ type: ResourceType, _ object: JSON) -> Bool {
        type == self.type && (namespace == nil || object.namespace == namespace)
            && labels.matches(object.labels) && fields.matches(object)
    }
}
