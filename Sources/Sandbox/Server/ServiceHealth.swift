import Foundation

/// A simulated ingress for health checks: a request to `http://<service>.<namespace>.localhost:PORT/…`
/// (curl and URLSession send `*.localhost` to 127.0.0.1 without DNS) is answered by the sandbox
/// itself, as if the service's pods served it: 200 when the Service exists and at least one pod it
/// selects is Ready, 503 otherwise. Nothing runs in the sandbox, so this is what "healthy" means
/// here; it lets a plan's HTTP checks and rollout health checks run against it unchanged.
enum ServiceHealth {
    /// The service and namespace a Host header names, or nil when it is an API request.
    static func target(host: String?) -> (service: String, namespace: String)? {
        guard let host else { return nil }
        let name = host.split(separator: ":").first.map(String.init) ?? host
        let labels = name.lowercased().split(separator: ".").map(String.init)
        guard labels.count >= 3, labels.last == "localhost" else { return nil }
        return (labels[0], labels[1])
    }

    static func answer(service: String, namespace: String, path: String, cluster: Cluster) async -> APIResponse {
        guard let object = try? await cluster.get(.services, namespace: namespace, name: service) else {
            return .text(status: 404, "no service \(service) in namespace \(namespace) (sandbox ingress)\n")
        }
        let selector = LabelSelector(spec: object[path: ["spec", "selector"]])
        let pods = await cluster.list(ObjectQuery(.pods, namespace: namespace, labels: selector)).items
        let ready = pods.filter(isReady).count
        guard ready > 0 else {
            return .text(status: 503, "service \(service): 0 of \(pods.count) pods ready (sandbox ingress)\n")
        }
        return .json(status: 200, .object(["status": .string("UP"), "service": .string(service), "path": .string(path),
                                   "readyPods": .int(ready)]))
    }

    private static func isReady(_ pod: JSON) -> Bool {
        (pod[path: ["status", "conditions"]]?.arrayValue ?? []).contains { condition in
            condition["type"]?.stringValue == "Ready" && condition["status"]?.stringValue == "True"
        }
    }
}
