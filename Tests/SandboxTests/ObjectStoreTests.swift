import Foundation
import Testing
@testable import Sandbox

@Suite("Sandbox object store")
struct ObjectStoreTests {
    private func storeWithNamespace() throws -> ObjectStore {
        var store = ObjectStore()
        try store.create(["metadata": ["name": "shop"]], as: .namespaces)
        return store
    }

    private func configMap(_ name: String, labels: [String: String] = [:], data: String = "1") -> JSON {
        var object: JSON = ["metadata": ["name": .string(name), "namespace": "shop"], "data": ["key": .string(data)]]
        object.labels = labels
        return object
    }

    @Test("every write gets a higher resourceVersion; uid and creationTimestamp are set once")
    func resourceVersions() throws {
        var store = try storeWithNamespace()
        let created = try store.create(configMap("a"), as: .configMaps)
        let updated = try store.replace(configMap("a", data: "2"), as: .configMaps)
        #expect(Int(updated.resourceVersion!)! > Int(created.resourceVersion!)!)
        #expect(updated.uid == created.uid && !created.uid.isEmpty)
        #expect(updated[path: ["metadata", "creationTimestamp"]] == created[path: ["metadata", "creationTimestamp"]])
        #expect(created["kind"] == "ConfigMap" && created["apiVersion"] == "v1")
    }

    @Test("a stale resourceVersion is a conflict; an unchanged object is not rewritten")
    func optimisticLocking() throws {
        var store = try storeWithNamespace()
        let created = try store.create(configMap("a"), as: .configMaps)
        try store.replace(configMap("a", data: "2"), as: .configMaps)
        #expect(throws: APIError.conflict(.configMaps, "a")) {
            try store.replace(configMap("a", data: "3"), as: .configMaps, expectedResourceVersion: created.resourceVersion)
        }
        let version = store.latestResourceVersion
        try store.replace(configMap("a", data: "2"), as: .configMaps)
        #expect(store.latestResourceVersion == version)
    }

    @Test("generation goes up on spec changes, not on label or status changes")
    func generation() throws {
        var store = try storeWithNamespace()
        var deployment: JSON = ["metadata": ["name": "web", "namespace": "shop"], "spec": ["replicas": 1]]
        try store.create(deployment, as: .deployments)
        deployment.labels = ["app": "web"]
        deployment["status"] = ["replicas": 1]
        #expect(try store.replace(deployment, as: .deployments).generation == 1)
        deployment[path: ["spec", "replicas"]] = 3
        #expect(try store.replace(deployment, as: .deployments).generation == 2)
    }

    @Test("objects need an existing namespace and a unique name")
    func namespacesAndNames() throws {
        var store = try storeWithNamespace()
        #expect(throws: APIError.notFound(.namespaces, "nowhere")) {
            try store.create(["metadata": ["name": "a", "namespace": "nowhere"]], as: .configMaps)
        }
        try store.create(configMap("a"), as: .configMaps)
        #expect(throws: APIError.alreadyExists(.configMaps, "a")) { try store.create(configMap("a"), as: .configMaps) }
    }

    @Test("deleting a namespace deletes what is in it, and watchers see each deletion")
    func namespaceDeletion() throws {
        var store = try storeWithNamespace()
        try store.create(configMap("a"), as: .configMaps)
        let before = store.latestResourceVersion
        try store.delete(.namespaces, namespace: nil, name: "shop")
        #expect(store.get(.configMaps, namespace: "shop", name: "a") == nil)
        let kinds = store.changes(after: before)!.map { "\($0.kind.rawValue) \($0.type.plural)" }
        #expect(kinds.sorted() == ["DELETED configmaps", "DELETED namespaces"])
    }

    @Test("lists filter by label and field selectors")
    func selectors() throws {
        var store = try storeWithNamespace()
        try store.create(configMap("a", labels: ["app": "web", "tier": "front"]), as: .configMaps)
        try store.create(configMap("b", labels: ["app": "web", "tier": "back"]), as: .configMaps)
        try store.create(configMap("c", labels: ["app": "db"]), as: .configMaps)
        func names(_ labels: String, _ fields: String = "") throws -> [String] {
            try store.list(ObjectQuery(.configMaps, namespace: "shop", labels: LabelSelector(parsing: labels), fields: FieldSelector(parsing: fields))).map(\.name)
        }
        #expect(try names("app=web") == ["a", "b"])
        #expect(try names("app=web,tier!=front") == ["b"])
        #expect(try names("app in (db, cache)") == ["c"])
        #expect(try names("app notin (db),!tier") == [])
        #expect(try names("tier") == ["a", "b"])
        #expect(try names("", "metadata.name=c") == ["c"])
        #expect(try names("app==web", "metadata.name!=a") == ["b"])
        #expect(throws: SelectorError.self) { try names("", "spec.secret=x") }
    }

    @Test("objects are found by their controlling owner, also after their ownerReferences change or they are deleted")
    func ownerIndex() throws {
        var store = try storeWithNamespace()
        func owned(_ uid: String) -> [String] { store.owned(by: uid, .configMaps, namespace: "shop").map(\.name) }
        func ownedBy(_ uid: String, _ name: String) -> JSON {
            var object = configMap(name)
            object[path: ["metadata", "ownerReferences"]] = [["uid": .string(uid), "controller": true]]
            return object
        }
        try store.create(ownedBy("one", "b"), as: .configMaps)
        try store.create(ownedBy("one", "a"), as: .configMaps)
        try store.create(configMap("c"), as: .configMaps)
        #expect(owned("one") == ["a", "b"])
        try store.replace(ownedBy("two", "a"), as: .configMaps)
        #expect(owned("one") == ["b"] && owned("two") == ["a"])
        try store.delete(.configMaps, namespace: "shop", name: "b")
        #expect(owned("one").isEmpty)
        #expect(store.owned(by: "two", .secrets, namespace: "shop").isEmpty)
        try store.delete(.namespaces, namespace: nil, name: "shop")
        #expect(owned("two").isEmpty && store.list(ObjectQuery(.configMaps)).isEmpty)
    }

    @Test("the history replays changes after a resourceVersion, and says when it is too old")
    func history() throws {
        var store = ObjectStore(historyLimit: 3)
        try store.create(["metadata": ["name": "one"]], as: .namespaces)
        let after = store.latestResourceVersion
        try store.create(["metadata": ["name": "two"]], as: .namespaces)
        #expect(store.changes(after: after)!.map(\.object.name) == ["two"])
        for name in ["three", "four", "five"] { try store.create(["metadata": ["name": .string(name)]], as: .namespaces) }
        #expect(store.changes(after: after) == nil)
    }
}
