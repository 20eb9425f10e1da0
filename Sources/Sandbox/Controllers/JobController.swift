import Foundation

/// Simulates the Job controller for the common case of one pod to completion: the pod runs for the
/// ready delay and succeeds (or, with a bad image, never finishes), and the Job then carries the
/// `SuccessCriteriaMet` and `Complete` conditions that `kubectl wait --for=condition=Complete` reads.
enum JobController {
    static func reconcile(_ store: inout ObjectStore, settings: SimulationSettings, now: Date) -> Bool {
        var changed = false
        for job in store.list(ObjectQuery(.jobs)) {
            let pods = store.owned(by: job, .pods)
            let succeeded = pods.filter { $0.podPhase == "Succeeded" }.count
            let completions = job.count(at: ["spec", "completions"], default: 1)
            let active = pods.filter { !$0.isPodFinished }
            if succeeded + active.count < completions {
                createPod(for: job, &store, settings: settings)
                changed = true
            }
            changed = updateStatus(job.name, job.namespace, &store, completions: completions, now: now) || changed
        }
        return changed
    }

    private static func createPod(for job: JSON, _ store: inout ObjectStore, settings: SimulationSettings) {
        let labels = ["batch.kubernetes.io/controller-uid": job.uid, "controller-uid": job.uid,
                      "batch.kubernetes.io/job-name": job.name, "job-name": job.name]
        var pod = PodFactory.pod(named: "\(job.name)-\(NameSuffix.random())", from: job[path: ["spec", "template"]],
                                 owner: job, extraLabels: labels)
        if pod[path: ["spec", "restartPolicy"]] == nil { pod[path: ["spec", "restartPolicy"]] = "Never" }
        let namespace = store.get(.namespaces, namespace: nil, name: job.namespace ?? "")
        _ = try? store.create(PodAdmission.admit(pod, namespace: namespace, settings: settings), as: .pods)
    }

    private static func updateStatus(_ name: String, _ namespace: String?, _ store: inout ObjectStore, completions: Int, now: Date) -> Bool {
        guard var job = store.get(.jobs, namespace: namespace, name: name) else { return false }
        let pods = store.owned(by: job, .pods)
        let succeeded = pods.filter { $0.podPhase == "Succeeded" }.count
        let active = pods.filter { !$0.isPodFinished }
        let time = JSON.string(Timestamp.string(now))
        var status = job["status"] ?? .emptyObject
        status["active"] = active.isEmpty ? nil : .int(active.count)
        status["ready"] = .int(active.filter(\.isPodReady).count)
        status["succeeded"] = succeeded > 0 ? .int(succeeded) : nil
        if status["startTime"] == nil { status["startTime"] = time }
        if succeeded >= completions, status["completionTime"] == nil {
            status["completionTime"] = time
            status["conditions"] = [
                ["type": "SuccessCriteriaMet", "status": "True", "reason": "CompletionsReached", "lastProbeTime": time, "lastTransitionTime": time],
                ["type": "Complete", "status": "True", "reason": "CompletionsReached", "lastProbeTime": time, "lastTransitionTime": time],
            ]
        }
        job["status"] = status
        return store.save(job, as: .jobs)
    }
}
