/// What the API server (and its webhooks) do to a pod before storing it: defaults, and the Istio
/// sidecar injection that a namespace labelled `istio-injection=enabled` asks for.
enum PodAdmission {
    static let sidecarName = "istio-proxy"

    static func admit(_ pod: JSON, namespace: JSON?, settings: SimulationSettings) -> JSON {
        var pod = pod
        if pod[path: ["spec", "restartPolicy"]] == nil { pod[path: ["spec", "restartPolicy"]] = "Always" }
        if wantsSidecar(pod, namespace: namespace) { pod = injectSidecar(into: pod, image: settings.sidecarImage) }
        return pod
    }

    private static func wantsSidecar(_ pod: JSON, namespace: JSON?) -> Bool {
        guard namespace?.labels["istio-injection"] == "enabled" else { return false }
        let optOut = pod.annotations["sidecar.istio.io/inject"] == "false" || pod.labels["sidecar.istio.io/inject"] == "false"
        let containers = pod[path: ["spec", "containers"]]?.arrayValue ?? []
        return !optOut && !containers.contains { $0["name"]?.stringValue == sidecarName }
    }

    private static func injectSidecar(into pod: JSON, image: String) -> JSON {
        var pod = pod
        let sidecar: JSON = [
            "name": .string(sidecarName), "image": .string(image), "args": ["proxy", "sidecar"],
            "ports": [["name": "http-envoy-prom", "containerPort": 15090, "protocol": "TCP"]],
        ]
        pod[path: ["spec", "containers"]] = .array((pod[path: ["spec", "containers"]]?.arrayValue ?? []) + [sidecar])
        pod.annotations["sidecar.istio.io/status"] = #"{"containers":["istio-proxy"],"simulated":"bosun-sandbox"}"#
        pod.labels["security.istio.io/tlsMode"] = "istio"
        return pod
    }
}
