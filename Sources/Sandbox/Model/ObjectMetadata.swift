import Foundation

/// Typed access to the `metadata` every Kubernetes object carries.
extension JSON {
    package var name: String { self[path: ["metadata", "name"]]?.stringValue ?? "" }
    package var namespace: String? { self[path: ["metadata", "namespace"]]?.stringValue }
    package var uid: String { self[path: ["metadata", "uid"]]?.stringValue ?? "" }
    package var generation: Int { self[path: ["metadata", "generation"]]?.intValue ?? 0 }
    package var resourceVersion: String? { self[path: ["metadata", "resourceVersion"]]?.stringValue }

    package var labels: [String: String] {
        get { self[path: ["metadata", "labels"]]?.stringMap ?? [:] }
        set { self[path: ["metadata", "labels"]] = newValue.isEmpty ? nil : JSON(newValue) }
    }

    package var annotations: [String: String] {
        get { self[path: ["metadata", "annotations"]]?.stringMap ?? [:] }
        set { self[path: ["metadata", "annotations"]] = newValue.isEmpty ? nil : JSON(newValue) }
    }

    /// The uid of the object's controlling owner (the ownerReference with `controller: true`).
    var controllerUID: String? {
        let owners = self[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []
        return owners.first { $0["controller"]?.boolValue == true }?["uid"]?.stringValue
    }

    /// An ownerReference naming this object as the controller, for the objects it creates.
    func controllerReference() -> JSON {
        [
            "apiVersion": self["apiVersion"] ?? "v1", "kind": self["kind"] ?? "",
            "name": .string(name), "uid": .string(uid),
            "controller": true, "blockOwnerDeletion": true,
        ]
    }
}
