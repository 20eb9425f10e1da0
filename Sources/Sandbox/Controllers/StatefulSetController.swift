/// Simulates the StatefulSet controller: pods `<name>-0`, `<name>-1`… created in order, each only
/// once the one before is Ready (OrderedReady; `Parallel` creates them together); a template
/// change replaces pods from the highest ordinal down, one at a time, as RollingUpdate does.
enum StatefulSetController {
    static func reconcile(_ store: inout ObjectStore, settings: SimulationSettings) -> Bool {
        var changed = false
        for set in store.list(ObjectQuery(.statefulSets)) {
            changed = reconcile(set, &store, settings: settings) || changed
        }
        return changed
    }

    static func revision(of set: JSON) -> String {
        "\(set.name)-\(NameSuffix.hash(set[path: ["spec", "template"]] ?? .emptyObject))"
    }

    private static func reconcile(_ set: JSON, _ store: inout ObjectStore, settings: SimulationSettings) -> Bool {
        let updateRevision = revision(of: set)
        let pods = store.owned(by: set, .pods)
        let ordered = set[path: ["spec", "podManagementPolicy"]]?.stringValue != "Parallel"
        var changed = false
        for ordinal in 0..<set.specReplicas {
            let name = "\(set.name)-\(ordinal)"
            if let pod = pods.first(where: { $0.name == name }) {
                if ordered && !pod.isPodReady { break }
                continue
            }
            let namespace = store.get(.namespaces, namespace: nil, name: set.namespace ?? "")
            let pod = PodFactory.pod(
                named: name, from: set[path: ["spec", "template"]], owner: set,
                extraLabels: ["controller-revision-hash": updateRevision, "statefulset.kubernetes.io/pod-name": name,
                              "apps.kubernetes.io/pod-index": String(ordinal)])
            _ = try? store.create(PodAdmission.admit(pod, namespace: namespace, settings: settings), as: .pods)
            changed = true
            if ordered { break }
        }
        changed = removeSurplusOrOutdated(set, updateRevision, &store) || changed
        return updateStatus(set, updateRevision, &store) || changed
    }

    private static func removeSurplusOrOutdated(_ set: JSON, _ updateRevision: String, _ store: inout ObjectStore) -> Bool {
        let pods = store.owned(by: set, .pods).sorted { ordinal($0) > ordinal($1) }
        if let surplus = pods.first(where: { ordinal($0) >= set.specReplicas }) {
            _ = try? store.delete(.pods, namespace: surplus.namespace, name: surplus.name)
            return true
        }
        guard pods.count == set.specReplicas, pods.allSatisfy(\.isPodReady),
              let outdated = pods.first(where: { $0.labels["controller-revision-hash"] != updateRevision })
        else { return false }
        _ = try? store.delete(.pods, namespace: outdated.namespace, name: outdated.name)
        return true
    }

    private static func updateStatus(_ set: JSON, _ updateRevision: String, _ store: inout ObjectStore) -> Bool {
        guard var set = store.get(.statefulSets, namespace: set.namespace, name: set.name) else { return false }
        let pods = store.owned(by: set, .pods)
        let ready = pods.filter(\.isPodReady).count
        let updated = pods.filter { $0.labels["controller-revision-hash"] == updateRevision }.count
        let previousCurrent = set[path: ["status", "currentRevision"]]?.stringValue ?? updateRevision
        let done = updated == set.specReplicas && ready == set.specReplicas
        let currentRevision = done ? updateRevision : previousCurrent
        set["status"] = [
            "observedGeneration": .int(set.generation), "replicas": .int(pods.count), "readyReplicas": .int(ready),
            "availableReplicas": .int(ready), "updatedReplicas": .int(updated),
            "currentReplicas": .int(pods.filter { $0.labels["controller-revision-hash"] == currentRevision }.count),
            "currentRevision": .string(currentRevision), "updateRevision": .string(updateRevision), "collisionCount": 0,
        ]
        return store.save(set, as: .statefulSets)
    }

    private static func ordinal(_ pod: JSON) -> Int {
        Int(pod.name.split(separator: "-").last ?? "") ?? 0
    }
}
