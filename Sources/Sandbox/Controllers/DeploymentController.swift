import Foundation

/// Simulates the Deployment controller: one ReplicaSet per pod template, named
/// `<deployment>-<pod-template-hash>` and numbered by `deployment.kubernetes.io/revision`
/// (a template that comes back, as after `kubectl rollout undo`, takes the next number);
/// RollingUpdate and Recreate scaling; old ReplicaSets beyond `revisionHistoryLimit` removed.
enum DeploymentController {
    static let revisionKey = "deployment.kubernetes.io/revision"
    static let hashLabel = "pod-template-hash"
    /// Deployment annotations not copied to its ReplicaSets (as in Kubernetes).
    static let annotationsNotCopied: Set<String> = [
        "kubectl.kubernetes.io/last-applied-configuration", revisionKey,
        "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
        "deployment.kubernetes.io/max-replicas",
    ]

    static func reconcile(_ store: inout ObjectStore, now: Date) -> Bool {
        var changed = false
        for deployment in store.list(ObjectQuery(.deployments)) {
            if deployment[path: ["spec", "paused"]]?.boolValue == true { continue }
            let newSet = ensureNewReplicaSet(deployment, &store, &changed)
            changed = scale(deployment, newSet: newSet, &store) || changed
            changed = pruneHistory(deployment, &store) || changed
            if let current = store.get(.deployments, namespace: deployment.namespace, name: deployment.name) {
                changed = store.save(DeploymentStatus.compute(current, newSetName: newSet, store: store, now: now), as: .deployments) || changed
            }
        }
        return changed
    }

    static func revision(_ object: JSON) -> Int { Int(object.annotations[revisionKey] ?? "") ?? 0 }

    /// The template with the hash label removed, to compare a ReplicaSet with its deployment.
    /// Nulls and empty objects are dropped too: `kubectl rollout undo` sends the template through
    /// Go types, which add `creationTimestamp: null` and `resources: {}`.
    static func templateWithoutHash(_ template: JSON?) -> JSON {
        var template = (template ?? .emptyObject).pruned
        var labels = template[path: ["metadata", "labels"]]?.stringMap ?? [:]
        labels[hashLabel] = nil
        template[path: ["metadata", "labels"]] = labels.isEmpty ? nil : JSON(labels)
        if template["metadata"] == .emptyObject { template["metadata"] = nil }
        return template
    }

    /// Finds or makes the ReplicaSet of the current template and gives it the newest revision.
    private static func ensureNewReplicaSet(_ deployment: JSON, _ store: inout ObjectStore, _ changed: inout Bool) -> String {
        let template = templateWithoutHash(deployment[path: ["spec", "template"]])
        let owned = store.owned(by: deployment, .replicaSets)
        let maxRevision = owned.map(revision).max() ?? 0
        var replicaSet: JSON
        if let existing = owned.first(where: { templateWithoutHash($0[path: ["spec", "template"]]) == template }) {
            replicaSet = existing
            if revision(existing) < maxRevision {
                var history = existing.annotations["deployment.kubernetes.io/revision-history"].map { $0 + "," } ?? ""
                history += String(revision(existing))
                replicaSet.annotations["deployment.kubernetes.io/revision-history"] = history
                replicaSet.annotations[revisionKey] = String(maxRevision.saturatingSuccessor)
            }
        } else {
            replicaSet = makeReplicaSet(for: deployment, template: template, revision: maxRevision.saturatingSuccessor)
            _ = try? store.create(replicaSet, as: .replicaSets)
            changed = true
            replicaSet = store.get(.replicaSets, namespace: replicaSet.namespace, name: replicaSet.name) ?? replicaSet
        }
        for (key, value) in deployment.annotations where !annotationsNotCopied.contains(key) {
            replicaSet.annotations[key] = value
        }
        changed = store.save(replicaSet, as: .replicaSets) || changed
        var updated = deployment
        updated.annotations[revisionKey] = replicaSet.annotations[revisionKey]
        changed = store.save(updated, as: .deployments) || changed
        return replicaSet.name
    }

    private static func makeReplicaSet(for deployment: JSON, template: JSON, revision: Int) -> JSON {
        let hash = NameSuffix.hash(template)
        var podTemplate = template
        var labels = template[path: ["metadata", "labels"]]?.stringMap ?? [:]
        labels[hashLabel] = hash
        podTemplate[path: ["metadata", "labels"]] = JSON(labels)
        var selector = deployment[path: ["spec", "selector"]] ?? .emptyObject
        var matchLabels = selector["matchLabels"]?.stringMap ?? [:]
        matchLabels[hashLabel] = hash
        selector["matchLabels"] = JSON(matchLabels)
        var replicaSet: JSON = [
            "metadata": [
                "name": .string("\(deployment.name)-\(hash)"), "namespace": .string(deployment.namespace ?? ""),
                "ownerReferences": [deployment.controllerReference()],
            ],
            "spec": ["replicas": 0, "selector": selector, "template": podTemplate],
        ]
        replicaSet.labels = labels
        replicaSet.annotations = [
            revisionKey: String(revision),
            "deployment.kubernetes.io/desired-replicas": String(deployment.specReplicas),
        ]
        return replicaSet
    }

    private static func scale(_ deployment: JSON, newSet: String, _ store: inout ObjectStore) -> Bool {
        let owned = store.owned(by: deployment, .replicaSets).sorted { revision($0) < revision($1) }
        guard let new = owned.first(where: { $0.name == newSet }) else { return false }
        let old = owned.filter { $0.name != newSet }
        func counts(_ set: JSON) -> RollingUpdate.Set {
            RollingUpdate.Set(replicas: set.specReplicas, available: set.statusCount("availableReplicas"))
        }
        let desired = deployment.specReplicas
        var sizes: [(JSON, Int)]
        if deployment[path: ["spec", "strategy", "type"]]?.stringValue == "Recreate" {
            let oldRunning = old.contains { $0.specReplicas > 0 || $0.statusCount("replicas") > 0 }
            sizes = old.map { ($0, 0) } + [(new, oldRunning ? 0 : desired)]
        } else {
            let plan = RollingUpdate(desired: desired, strategy: deployment[path: ["spec", "strategy", "rollingUpdate"]])
            let newSize = plan.newReplicas(new: counts(new), old: old.map(counts))
            let oldSizes = plan.oldReplicas(new: counts(new), old: old.map(counts))
            sizes = [(new, newSize)] + Array(zip(old, oldSizes))
        }
        var changed = false
        for (set, size) in sizes where set.specReplicas != size {
            var resized = set
            resized[path: ["spec", "replicas"]] = .int(size)
            changed = store.save(resized, as: .replicaSets) || changed
        }
        return changed
    }

    private static func pruneHistory(_ deployment: JSON, _ store: inout ObjectStore) -> Bool {
        let limit = deployment.count(at: ["spec", "revisionHistoryLimit"], default: 10)
        let idle = store.owned(by: deployment, .replicaSets)
            .filter { $0.specReplicas == 0 && $0.statusCount("replicas") == 0 }
            .filter { revision($0) < revision(deployment) }
            .sorted { revision($0) < revision($1) }
        guard idle.count > limit else { return false }
        for set in idle.prefix(idle.count - limit) {
            _ = try? store.delete(.replicaSets, namespace: set.namespace, name: set.name)
        }
        return true
    }
}
