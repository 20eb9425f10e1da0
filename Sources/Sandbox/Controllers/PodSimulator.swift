import Foundation

/// Stands in for the scheduler and the kubelet: a new pod is scheduled at once and Pending; after
/// the ready delay its containers run and it becomes Ready, unless one of its images is "bad"
/// (its readiness probe never passes). A Job's pods (restartPolicy Never or OnFailure) succeed
/// instead.
struct PodSimulator {
    /// When each pending pod (by uid) starts its containers.
    private(set) var startTimes: [String: Date] = [:]

    mutating func reconcile(_ store: inout ObjectStore, settings: SimulationSettings, now: Date) -> Bool {
        var changed = false
        let pods = store.list(ObjectQuery(.pods))
        // A pod deleted while pending must not keep a start time: it would stay due forever.
        let live = Set(pods.map(\.uid))
        startTimes = startTimes.filter { live.contains($0.key) }
        for pod in pods where !pod.isPodFinished {
            if pod["status"]?["phase"] == nil {
                startTimes[pod.uid] = now.addingTimeInterval(settings.readyDelay)
                changed = store.save(Self.pending(pod, now: now), as: .pods) || changed
            } else if pod.podPhase == "Pending", now >= startTimes[pod.uid, default: now] {
                startTimes[pod.uid] = nil
                changed = store.save(Self.started(pod, settings: settings, now: now), as: .pods) || changed
            }
        }
        return changed
    }

    /// The earliest moment a pending pod starts, for the cluster's timer.
    var nextStart: Date? { startTimes.values.min() }

    static func pending(_ pod: JSON, now: Date) -> JSON {
        var pod = pod
        let time = JSON.string(Timestamp.string(now))
        pod[path: ["spec", "nodeName"]] = JSON.string(NodeSimulator.nodeName)
        pod["status"] = [
            "phase": "Pending", "hostIP": "10.0.0.10", "podIP": .string(podIP(pod.uid)), "startTime": time,
            "qosClass": "BestEffort",
            "conditions": [condition("PodScheduled", true, time), condition("Initialized", true, time),
                           condition("Ready", false, time), condition("ContainersReady", false, time)],
            "containerStatuses": .array(containers(pod).map { container in
                containerStatus(container, ready: false, state: ["waiting": ["reason": "ContainerCreating"]])
            }),
        ]
        return pod
    }

    static func started(_ pod: JSON, settings: SimulationSettings, now: Date) -> JSON {
        var pod = pod
        let time = JSON.string(Timestamp.string(now))
        // A Job's pods finish; a bare pod runs on whatever its restart policy, since what its
        // command would do is unknown (a test pod that sleeps and is probed, as in runbook 001).
        let ownedByJob = (pod[path: ["metadata", "ownerReferences"]]?.arrayValue ?? []).contains { $0["kind"] == "Job" }
        let runsToCompletion = ownedByJob && ["Never", "OnFailure"].contains(pod[path: ["spec", "restartPolicy"]]?.stringValue ?? "Always")
        let badNames = containers(pod).filter { settings.isBad(image: $0["image"]?.stringValue ?? "") }
            .compactMap { $0["name"]?.stringValue }
        if runsToCompletion, badNames.isEmpty {
            pod["status"]?["phase"] = "Succeeded"
            pod["status"]?["conditions"] = [condition("PodScheduled", true, time), condition("Initialized", true, time),
                                            condition("Ready", false, time, reason: "PodCompleted"),
                                            condition("ContainersReady", false, time, reason: "PodCompleted")]
            let statuses = containers(pod).map { container in
                containerStatus(container, ready: false, state: ["terminated": ["exitCode": 0, "reason": "Completed", "finishedAt": time]])
            }
            pod["status"]?["containerStatuses"] = .array(statuses)
            return pod
        }
        let ready = badNames.isEmpty
        let reason: String? = ready ? nil : "ContainersNotReady"
        let message: String? = ready ? nil : "containers with unready status: [\(badNames.joined(separator: " "))]"
        pod["status"]?["phase"] = "Running"
        pod["status"]?["conditions"] = [condition("PodReadyToStartContainers", true, time), condition("Initialized", true, time),
                                        condition("Ready", ready, time, reason: reason, message: message),
                                        condition("ContainersReady", ready, time, reason: reason, message: message),
                                        condition("PodScheduled", true, time)]
        let statuses = containers(pod).map { container in
            let containerReady = !badNames.contains(container["name"]?.stringValue ?? "")
            return containerStatus(container, ready: containerReady, state: ["running": ["startedAt": time]])
        }
        pod["status"]?["containerStatuses"] = .array(statuses)
        return pod
    }

    private static func containers(_ pod: JSON) -> [JSON] { pod[path: ["spec", "containers"]]?.arrayValue ?? [] }

    private static func condition(_ type: String, _ status: Bool, _ time: JSON, reason: String? = nil, message: String? = nil) -> JSON {
        var condition: JSON = ["type": .string(type), "status": status ? "True" : "False", "lastProbeTime": .null, "lastTransitionTime": time]
        if let reason { condition["reason"] = .string(reason) }
        if let message { condition["message"] = .string(message) }
        return condition
    }

    private static func containerStatus(_ container: JSON, ready: Bool, state: JSON) -> JSON {
        let running = state["running"] != nil
        return [
            "name": container["name"] ?? "", "image": container["image"] ?? "", "imageID": "",
            "ready": .bool(ready), "started": .bool(running), "restartCount": 0, "state": state,
        ]
    }

    /// A stable fake address in the pod network, derived from the pod's uid.
    private static func podIP(_ uid: String) -> String {
        let bytes = Array(uid.utf8)
        let a = bytes.prefix(8).reduce(0) { ($0 &* 31 &+ Int($1)) % 250 }
        let b = bytes.suffix(8).reduce(0) { ($0 &* 31 &+ Int($1)) % 250 }
        return "10.244.\(a).\(b + 2)"
    }
}

/// The one node of the sandbox, always Ready, so `kubectl wait --for=condition=Ready node --all`
/// and `kubectl get nodes` behave.
enum NodeSimulator {
    static let nodeName = "bosun-sandbox"

    static func node(now: Date) -> JSON {
        let time = JSON.string(Timestamp.string(now))
        return [
            "metadata": [
                "name": .string(nodeName),
                "labels": ["kubernetes.io/hostname": .string(nodeName), "kubernetes.io/os": "linux",
                           "node-role.kubernetes.io/control-plane": ""],
            ],
            "spec": .emptyObject,
            "status": [
                "conditions": [["type": "Ready", "status": "True", "reason": "KubeletReady",
                                "message": "simulated by bosun sandbox", "lastHeartbeatTime": time, "lastTransitionTime": time]],
                "nodeInfo": ["kubeletVersion": "v1.32.0-bosun-sandbox", "osImage": "Bosun sandbox (simulated)",
                             "containerRuntimeVersion": "simulated://0", "architecture": "amd64", "operatingSystem": "linux"],
                "addresses": [["type": "InternalIP", "address": "10.0.0.10"], ["type": "Hostname", "address": .string(nodeName)]],
                "capacity": ["cpu": "2", "memory": "8Gi", "pods": "110"],
                "allocatable": ["cpu": "2", "memory": "8Gi", "pods": "110"],
            ],
        ]
    }
}
