/// Deletes objects whose controlling owner is gone, as Kubernetes' garbage collector does with
/// background propagation: deleting a Deployment removes its ReplicaSets, then their pods.
enum GarbageCollector {
    static let dependentTypes: [ResourceType] = [.replicaSets, .pods]
    static let ownerTypes: [ResourceType] = [.deployments, .replicaSets, .statefulSets, .jobs]

    static func reconcile(_ store: inout ObjectStore) -> Bool {
        let liveOwners = Set(ownerTypes.flatMap { store.list(ObjectQuery($0)) }.map(\.uid))
        var changed = false
        for type in dependentTypes {
            for object in store.list(ObjectQuery(type)) {
                guard let owner = object.controllerUID, !liveOwners.contains(owner) else { continue }
                _ = try? store.delete(type, namespace: object.namespace, name: object.name)
                changed = true
            }
        }
        return changed
    }
}
