/// A request path of the Kubernetes REST API, taken apart:
/// `/apis/apps/v1/namespaces/ns/deployments/web/scale` → deployments, ns, web, scale.
struct APIPath: Sendable, Equatable {
    let group: String
    let version: String
    let plural: String
    let namespace: String?
    let name: String?
    let subresource: String?

    /// Nil for paths that are not resource paths (discovery, health, unknown).
    init?(_ path: String) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        switch parts.first {
        case "api" where parts.count >= 3:
            group = ""
            version = parts[1]
            parts.removeFirst(2)
        case "apis" where parts.count >= 4:
            group = parts[1]
            version = parts[2]
            parts.removeFirst(3)
        default:
            return nil
        }
        // `namespaces/<ns>/<plural>...` is a namespaced path, but `namespaces/<name>` alone is a
        // namespace itself.
        if parts.count >= 3, parts[0] == "namespaces" {
            namespace = parts[1]
            parts.removeFirst(2)
        } else {
            namespace = nil
        }
        guard (1...3).contains(parts.count) else { return nil }
        plural = parts[0]
        name = parts.count > 1 ? parts[1] : nil
        subresource = parts.count > 2 ? parts[2] : nil
    }
}
