import Foundation

/// A Deployment's status as Kubernetes computes it from its ReplicaSets: the counts that
/// `kubectl rollout status` compares, and the `Available` and `Progressing` conditions that
/// `kubectl wait` checks. A rollout that makes no progress for `progressDeadlineSeconds` gets
/// `Progressing=False` with reason `ProgressDeadlineExceeded`.
enum DeploymentStatus {
    static func compute(_ deployment: JSON, newSetName: String, store: ObjectStore, now: Date) -> JSON {
        let sets = store.owned(by: deployment, .replicaSets)
        func sum(_ field: String, _ among: [JSON]) -> Int {
            among.reduce(0) { $0 + $1.statusCount(field) }
        }
        let newSet = sets.filter { $0.name == newSetName }
        let desired = deployment.specReplicas
        let replicas = sum("replicas", sets)
        let updated = sum("replicas", newSet)
        let available = sum("availableReplicas", sets)
        let plan = RollingUpdate(desired: desired, strategy: deployment[path: ["spec", "strategy", "rollingUpdate"]])
        let complete = updated == desired && replicas == desired && available == desired
            && sum("availableReplicas", newSet) == desired

        var status: JSON = [
            "observedGeneration": .int(deployment.generation), "replicas": .int(replicas),
            "updatedReplicas": .int(updated), "readyReplicas": .int(sum("readyReplicas", sets)),
            "availableReplicas": .int(available), "unavailableReplicas": .int(max(0, desired - available)),
        ]
        let previous = deployment[path: ["status", "conditions"]]?.arrayValue ?? []
        let minimumAvailable = available >= desired - plan.maxUnavailable
        let availableCondition = condition(
            "Available", minimumAvailable,
            reason: minimumAvailable ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable",
            message: minimumAvailable ? "Deployment has minimum availability." : "Deployment does not have minimum availability.",
            previous: previous, now: now)
        status["conditions"] = [availableCondition,
                                progressing(deployment, newSetName, complete: complete, counts: status, previous: previous, now: now)]
        var result = deployment
        result["status"] = status
        return result
    }

    private static func progressing(_ deployment: JSON, _ newSetName: String, complete: Bool, counts: JSON, previous: [JSON], now: Date) -> JSON {
        let old = previous.first { $0["type"] == "Progressing" }
        if complete {
            return condition("Progressing", true, reason: "NewReplicaSetAvailable",
                             message: "ReplicaSet \"\(newSetName)\" has successfully progressed.", previous: previous, now: now)
        }
        // Progress is any change of the counts; the deadline runs from the last one.
        let countsChanged = ["replicas", "updatedReplicas", "availableReplicas"].contains {
            deployment[path: ["status", $0]] != counts[$0]
        } || deployment[path: ["status", "observedGeneration"]] != counts["observedGeneration"]
        let lastUpdate = old?["lastUpdateTime"]?.stringValue.flatMap(Timestamp.date) ?? now
        let deadline = deadlineSeconds(deployment)
        if old?["reason"] == "ProgressDeadlineExceeded" && !countsChanged { return old! }
        if !countsChanged, old?["reason"] == "ReplicaSetUpdated", now.timeIntervalSince(lastUpdate) > deadline {
            return condition("Progressing", false, reason: "ProgressDeadlineExceeded",
                             message: "ReplicaSet \"\(newSetName)\" has timed out progressing.", previous: previous, now: now)
        }
        var updated = condition("Progressing", true, reason: "ReplicaSetUpdated",
                                message: "ReplicaSet \"\(newSetName)\" is progressing.", previous: previous, now: now)
        if countsChanged { updated["lastUpdateTime"] = .string(Timestamp.string(now)) }
        return updated
    }

    private static func deadlineSeconds(_ deployment: JSON) -> TimeInterval {
        TimeInterval(deployment.count(at: ["spec", "progressDeadlineSeconds"], default: 600))
    }

    /// When a rollout still progressing passes its deadline if its counts do not change, for
    /// the cluster's timer; nil when no deadline runs (complete, or already exceeded).
    static func progressDeadline(_ deployment: JSON) -> Date? {
        let conditions = deployment[path: ["status", "conditions"]]?.arrayValue ?? []
        guard let progressing = conditions.first(where: { $0["type"] == "Progressing" }),
              progressing["reason"] == "ReplicaSetUpdated",
              let lastUpdate = progressing["lastUpdateTime"]?.stringValue.flatMap(Timestamp.date)
        else { return nil }
        return lastUpdate.addingTimeInterval(deadlineSeconds(deployment))
    }

    /// A condition that keeps its timestamps while nothing about it changes, so a quiet
    /// deployment is not rewritten.
    static func condition(_ type: String, _ status: Bool, reason: String, message: String, previous: [JSON], now: Date) -> JSON {
        let time = JSON.string(Timestamp.string(now))
        var condition: JSON = [
            "type": .string(type), "status": status ? "True" : "False", "reason": .string(reason),
            "message": .string(message), "lastUpdateTime": time, "lastTransitionTime": time,
        ]
        guard let old = previous.first(where: { $0["type"] == .string(type) }) else { return condition }
        if old["status"] == condition["status"] { condition["lastTransitionTime"] = old["lastTransitionTime"] }
        if old["status"] == condition["status"], old["reason"] == condition["reason"], old["message"] == condition["message"] {
            condition["lastUpdateTime"] = old["lastUpdateTime"]
        }
        return condition
    }
}
