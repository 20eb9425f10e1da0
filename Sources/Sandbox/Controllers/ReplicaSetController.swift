/// Keeps `spec.replicas` pods for each ReplicaSet and reports their readiness in its status.
enum ReplicaSetController {
    static func reconcile(_ store: inout ObjectStore, settings: SimulationSettings) -> Bool {
        var changed = false
        for replicaSet in store.list(ObjectQuery(.replicaSets)) {
            changed = scale(replicaSet, &store, settings: settings) || changed
            changed = updateStatus(replicaSet.name, replicaSet.namespace, &store) || changed
        }
        return changed
    }

    private static func scale(_ replicaSet: JSON, _ store: inout ObjectStore, settings: SimulationSettings) -> Bool {
        let pods = store.owned(by: replicaSet, .pods).filter { !$0.isPodFinished }
        let wanted = replicaSet.specReplicas
        if pods.count < wanted {
            let namespace = store.get(.namespaces, namespace: nil, name: replicaSet.namespace ?? "")
            for _ in pods.count..<wanted {
                let pod = PodFactory.pod(
                    named: "\(replicaSet.name)-\(NameSuffix.random())", from: replicaSet[path: ["spec", "template"]],
                    owner: replicaSet)
                _ = try? store.create(PodAdmission.admit(pod, namespace: namespace, settings: settings), as: .pods)
            }
            return true
        }
        guard pods.count > wanted else { return false }
        // Unready pods go first, then the newest, as the ReplicaSet controller prefers.
        let victims = pods.sorted { lhs, rhs in
            if lhs.isPodReady != rhs.isPodReady { return !lhs.isPodReady }
            return (lhs.resourceVersion.flatMap(Int.init) ?? 0) > (rhs.resourceVersion.flatMap(Int.init) ?? 0)
        }.prefix(pods.count - wanted)
        for pod in victims { _ = try? store.delete(.pods, namespace: pod.namespace, name: pod.name) }
        return true
    }

    private static func updateStatus(_ name: String, _ namespace: String?, _ store: inout ObjectStore) -> Bool {
        guard var replicaSet = store.get(.replicaSets, namespace: namespace, name: name) else { return false }
        let pods = store.owned(by: replicaSet, .pods).filter { !$0.isPodFinished }
        let ready = pods.filter(\.isPodReady).count
        replicaSet["status"] = [
            "replicas": .int(pods.count), "fullyLabeledReplicas": .int(pods.count),
            "readyReplicas": .int(ready), "availableReplicas": .int(ready),
            "observedGeneration": .int(replicaSet.generation),
        ]
        return store.save(replicaSet, as: .replicaSets)
    }
}
