import Foundation

/// Where an object lives: its type, namespace ("" when cluster-scoped) and name.
struct ObjectKey: Hashable, Sendable {
    let type: ResourceType
    let namespace: String
    let name: String

    init(_ type: ResourceType, namespace: String?, name: String) {
        self.type = type
        self.namespace = type.namespaced ? (namespace ?? "") : ""
        self.name = name
    }
}

/// The sandbox's objects and the API server's bookkeeping of them: one resourceVersion counter for
/// every write (as etcd's revision), uid, creationTimestamp, generation bumped on spec changes,
/// and the recent history of changes that watches replay from a resourceVersion. Indexed by type
/// and by controlling owner: the controllers look up each workload's objects on every pass, and a
/// scan of the whole store per workload made each write cost O(objects²).
package struct ObjectStore: Sendable {
    private var objects: [ObjectKey: JSON] = [:]
    private var keysByType: [ResourceType: Set<ObjectKey>] = [:]
    /// Keys of the objects each controller (by uid) owns through an ownerReference.
    private var keysByOwner: [String: Set<ObjectKey>] = [:]
    package private(set) var latestResourceVersion = 0
    private var history: [WatchEvent] = []
    private let historyLimit: Int

    package init(historyLimit: Int = 20_000) {
        self.historyLimit = historyLimit
    }

    // MARK: Reading

    package func get(_ type: ResourceType, namespace: String?, name: String) -> JSON? {
        objects[ObjectKey(type, namespace: namespace, name: name)]
    }

    /// Matching objects ordered by namespace then name, as the API server lists them.
    package func list(_ query: ObjectQuery) -> [JSON] {
        Self.sorted(keysByType[query.type] ?? [])
            .filter { query.namespace == nil || $0.namespace == query.namespace }
            .compactMap { objects[$0] }
            .filter { query.matches(query.type, $0) }
    }

    /// Objects of `type` in `namespace` whose controlling owner has this uid, ordered as `list`.
    func owned(by ownerUID: String, _ type: ResourceType, namespace: String?) -> [JSON] {
        let namespace = ObjectKey(type, namespace: namespace, name: "").namespace
        return Self.sorted((keysByOwner[ownerUID] ?? []).filter { $0.type == type && $0.namespace == namespace })
            .compactMap { objects[$0] }
    }

    private static func sorted(_ keys: Set<ObjectKey>) -> [ObjectKey] {
        keys.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }
    }

    /// How many objects of each kind exist (for `bosun sandbox status`).
    package var counts: [String: Int] {
        objects.keys.reduce(into: [:]) { counts, key in counts[key.type.plural, default: 0] += 1 }
    }

    /// Changes after `resourceVersion`, oldest first; nil when that is older than the kept history.
    package func changes(after resourceVersion: Int) -> [WatchEvent]? {
        if let oldest = history.first, oldest.resourceVersion > resourceVersion + 1 { return nil }
        return history.filter { $0.resourceVersion > resourceVersion }
    }

    // MARK: Writing

    /// Stores a new object, giving it uid, creationTimestamp, a resourceVersion and (for the
    /// types that keep one) generation 1.
    @discardableResult
    package mutating func create(_ object: JSON, as type: ResourceType, now: Date = Date()) throws(APIError) -> JSON {
        let created = try wouldCreate(object, as: type, now: now)
        return commit(created, at: ObjectKey(type, namespace: created.namespace, name: created.name), as: .added)
    }

    /// The object `create` would store, checked as it checks it, but without a resourceVersion:
    /// only storing gives one (the API server's dry-run create answers this too).
    func wouldCreate(_ object: JSON, as type: ResourceType, now: Date = Date()) throws(APIError) -> JSON {
        let key = ObjectKey(type, namespace: object.namespace, name: object.name)
        guard !key.name.isEmpty else { throw .invalid(type, "", "metadata.name: Required value: name or generateName is required") }
        if type.namespaced, get(.namespaces, namespace: nil, name: key.namespace) == nil {
            throw .notFound(.namespaces, key.namespace)
        }
        guard objects[key] == nil else { throw .alreadyExists(type, key.name) }
        var created = object
        created["apiVersion"] = .string(type.groupVersion)
        created["kind"] = .string(type.kind)
        created[path: ["metadata", "uid"]] = .string(UUID().uuidString.lowercased())
        created[path: ["metadata", "creationTimestamp"]] = .string(Timestamp.string(now))
        created[path: ["metadata", "generation"]] = type.keepsGeneration ? 1 : nil
        created[path: ["metadata", "resourceVersion"]] = nil
        return created
    }

    /// Replaces an object (see `wouldReplace`). An update that changes nothing is not stored and
    /// takes no resourceVersion, as on a real API server.
    @discardableResult
    package mutating func replace(_ object: JSON, as type: ResourceType, expectedResourceVersion: String? = nil) throws(APIError) -> JSON {
        let updated = try wouldReplace(object, as: type, expectedResourceVersion: expectedResourceVersion)
        let key = ObjectKey(type, namespace: updated.namespace, name: updated.name)
        if let current = objects[key], updated == current { return current }
        return commit(updated, at: key, as: .modified)
    }

    /// The object `replace` would store, still at the current resourceVersion. `expectedResourceVersion`
    /// (a client's optimistic lock) must match when given; identity fields are kept, and generation
    /// goes up only when more than metadata and status changed, as on a real API server.
    func wouldReplace(_ object: JSON, as type: ResourceType, expectedResourceVersion: String? = nil) throws(APIError) -> JSON {
        let key = ObjectKey(type, namespace: object.namespace, name: object.name)
        guard let current = objects[key] else { throw .notFound(type, key.name) }
        if let expectedResourceVersion, !expectedResourceVersion.isEmpty, expectedResourceVersion != current.resourceVersion {
            throw .conflict(type, key.name)
        }
        var updated = object
        for field in ["uid", "creationTimestamp", "generation", "resourceVersion"] {
            updated[path: ["metadata", field]] = current[path: ["metadata", field]]
        }
        updated["apiVersion"] = .string(type.groupVersion)
        updated["kind"] = .string(type.kind)
        if type.keepsGeneration, Self.specChanged(from: current, to: updated) {
            updated[path: ["metadata", "generation"]] = .int(current.generation + 1)
        }
        return updated
    }

    /// Deletes an object; deleting a namespace deletes everything in it.
    @discardableResult
    package mutating func delete(_ type: ResourceType, namespace: String?, name: String) throws(APIError) -> JSON {
        let key = ObjectKey(type, namespace: namespace, name: name)
        guard let current = objects.removeValue(forKey: key) else { throw .notFound(type, name) }
        unindex(current, at: key)
        if type == .namespaces {
            for inner in objects.keys where inner.type.namespaced && inner.namespace == name {
                _ = try? delete(inner.type, namespace: inner.namespace, name: inner.name)
            }
        }
        latestResourceVersion += 1
        var deleted = current
        deleted[path: ["metadata", "resourceVersion"]] = .string(String(latestResourceVersion))
        record(WatchEvent(kind: .deleted, type: type, object: deleted, resourceVersion: latestResourceVersion))
        return deleted
    }

    // MARK: Internals

    private mutating func commit(_ object: JSON, at key: ObjectKey, as kind: WatchEvent.Kind) -> JSON {
        latestResourceVersion += 1
        var stored = object
        stored[path: ["metadata", "resourceVersion"]] = .string(String(latestResourceVersion))
        if let previous = objects[key] { unindex(previous, at: key) }
        objects[key] = stored
        keysByType[key.type, default: []].insert(key)
        if let owner = stored.controllerUID { keysByOwner[owner, default: []].insert(key) }
        record(WatchEvent(kind: kind, type: key.type, object: stored, resourceVersion: latestResourceVersion))
        return stored
    }

    private mutating func unindex(_ object: JSON, at key: ObjectKey) {
        keysByType[key.type]?.remove(key)
        if let owner = object.controllerUID {
            keysByOwner[owner]?.remove(key)
            if keysByOwner[owner]?.isEmpty == true { keysByOwner[owner] = nil }
        }
    }

    private mutating func record(_ event: WatchEvent) {
        history.append(event)
        if history.count > historyLimit { history.removeFirst(history.count - historyLimit) }
    }

    private static func specChanged(from old: JSON, to new: JSON) -> Bool {
        func body(_ object: JSON) -> JSON {
            var copy = object
            copy["metadata"] = nil
            copy["status"] = nil
            return copy
        }
        return body(old) != body(new)
    }
}
