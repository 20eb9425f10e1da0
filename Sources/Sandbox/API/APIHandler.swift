/// Routes API requests: health and version, discovery, then resource verbs. Knows nothing of HTTP.
package struct APIHandler: Sendable {
    let cluster: Cluster
    let serverAddress: String

    package init(cluster: Cluster, serverAddress: String) {
        self.cluster = cluster
        self.serverAddress = serverAddress
    }

    package func handle(_ request: APIRequest) async -> APIResponse {
        if request.path == "/sandbox/status" { return .json(status: 200, await statusDocument()) }
        if let answer = fixedAnswer(request) { return answer }
        if let proxy = ServiceProxy(path: request.path) {
            return await ServiceHealth.answer(service: proxy.service, namespace: proxy.namespace, path: proxy.rest, cluster: cluster)
        }
        guard let path = APIPath(request.path) else { return notFound(request) }
        guard let type = ResourceType.find(group: path.group, version: path.version, plural: path.plural) else {
            return notFound(request)
        }
        return await ResourceHandler(cluster: cluster, type: type, path: path).handle(request)
    }

    private func fixedAnswer(_ request: APIRequest) -> APIResponse? {
        let path = request.path.count > 1 && request.path.hasSuffix("/") ? String(request.path.dropLast()) : request.path
        switch path {
        case "/healthz", "/readyz", "/livez": return .text(status: 200, "ok")
        case "/version": return .json(status: 200, Discovery.version)
        case "/openapi/v3": return .json(status: 200, OpenAPIDocuments.root())
        case "/api", "/apis":
            // Aggregated discovery only when asked for nothing else; kubectl also accepts plain JSON.
            guard request.accept.contains("application/json") && !onlyAggregated(request.accept) else {
                return .json(status: 406, APIError(code: 406, reason: "NotAcceptable", message: "only legacy discovery is served").status)
            }
            return .json(status: 200, path == "/api" ? Discovery.coreVersions(serverAddress: serverAddress) : Discovery.groups)
        default:
            break
        }
        if path.hasPrefix("/openapi/v3/") {
            return OpenAPIDocuments.groupVersion(String(path.dropFirst("/openapi/v3/".count))).map { .json(status: 200, $0) }
        }
        let parts = path.split(separator: "/").map(String.init)
        if parts.count == 2, parts[0] == "api" { return Discovery.resources(group: "", version: parts[1]).map { .json(status: 200, $0) } }
        if parts.count == 2, parts[0] == "apis" { return Discovery.group(named: parts[1]).map { .json(status: 200, $0) } }
        if parts.count == 3, parts[0] == "apis" { return Discovery.resources(group: parts[1], version: parts[2]).map { .json(status: 200, $0) } }
        return nil
    }

    private func onlyAggregated(_ accept: String) -> Bool {
        accept.split(separator: ",").allSatisfy { $0.contains("as=APIGroupDiscoveryList") }
    }

    /// Counts of objects by kind, for `bosun sandbox status`.
    func statusDocument() async -> JSON {
        .object((await cluster.counts).mapValues { .int($0) })
    }

    private func notFound(_ request: APIRequest) -> APIResponse {
        .error(APIError(code: 404, reason: "NotFound", message: "the server could not find the requested resource (\(request.method) \(request.path))"))
    }
}
