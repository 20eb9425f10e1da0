/// Pods made from a workload's pod template, owned by the workload.
enum PodFactory {
    static func pod(named name: String, from template: JSON?, owner: JSON, extraLabels: [String: String] = [:]) -> JSON {
        var pod: JSON = ["apiVersion": "v1", "kind": "Pod", "metadata": .emptyObject]
        pod[path: ["metadata", "name"]] = .string(name)
        pod[path: ["metadata", "namespace"]] = owner["metadata"]?["namespace"]
        pod.labels = (template?[path: ["metadata", "labels"]]?.stringMap ?? [:]).merging(extraLabels) { _, new in new }
        pod.annotations = template?[path: ["metadata", "annotations"]]?.stringMap ?? [:]
        pod[path: ["metadata", "ownerReferences"]] = [owner.controllerReference()]
        pod["spec"] = template?["spec"] ?? .emptyObject
        return pod
    }
}
