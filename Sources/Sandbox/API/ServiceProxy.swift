/// The API server's service proxy, `/api/v1/namespaces/NS/services/NAME[:PORT]/proxy/PATH`, which
/// `kubectl get --raw` reaches a service's HTTP endpoint through when its DNS name resolves only
/// inside the cluster. Answered like the sandbox's ingress (``ServiceHealth``): nothing runs here,
/// so "healthy" is what the service's pods' readiness says.
struct ServiceProxy {
    let namespace: String
    let service: String
    /// What follows `/proxy`, from its `/`.
    let rest: String

    init?(path: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        // "", api, v1, namespaces, NS, services, NAME[:PORT], proxy, …
        guard parts.count >= 8, parts[1] == "api", parts[2] == "v1", parts[3] == "namespaces", parts[5] == "services",
              parts[7] == "proxy", !parts[4].isEmpty, !parts[6].isEmpty else { return nil }
        namespace = parts[4]
        // A port may be named after the service (`name:port` or `scheme:name:port`).
        let nameParts = parts[6].split(separator: ":").map(String.init)
        service = nameParts.count == 3 ? nameParts[1] : nameParts[0]
        rest = "/" + parts.dropFirst(8).joined(separator: "/")
    }
}
