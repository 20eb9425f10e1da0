/// The verbs on one resource type: list, watch, get, create, update, patch, delete, and the
/// `/scale` subresource.
struct ResourceHandler {
    let cluster: Cluster
    let type: ResourceType
    let path: APIPath

    private var namespace: String? { type.namespaced ? path.namespace : nil }

    func handle(_ request: APIRequest) async -> APIResponse {
        do {
            // Checked first, as the API server's handlers check their options before the object.
            let dryRun = try DryRunOption.isRequested(by: request)
            switch (request.method, path.name, path.subresource) {
            case ("GET", nil, _): return try await list(request)
            case ("POST", nil, _): return .json(status: 201, try await create(request, dryRun: dryRun))
            case ("DELETE", nil, _): return .json(status: 200, try await deleteCollection(request, dryRun: dryRun))
            case (_, let name?, "scale"):
                let scale = ScaleSubresource(cluster: cluster, type: type)
                return .json(status: 200, try await scale.handle(request, namespace: namespace, name: name, dryRun: dryRun))
            case ("GET", let name?, _): return try await get(request, name: name)
            case ("PUT", let name?, _): return .json(status: 200, try await replace(request, name: name, dryRun: dryRun))
            case ("PATCH", let name?, _): return try await patch(request, name: name, dryRun: dryRun)
            case ("DELETE", let name?, _): return .json(status: 200, try await cluster.delete(type, namespace: namespace, name: name, dryRun: dryRun))
            default: return .error(APIError(code: 405, reason: "MethodNotAllowed", message: "\(request.method) is not supported here"))
            }
        } catch {
            return .error(error)
        }
    }

    private func query(_ request: APIRequest) throws(APIError) -> ObjectQuery {
        do {
            return ObjectQuery(
                type, namespace: namespace,
                labels: try LabelSelector(parsing: request.query["labelSelector"] ?? ""),
                fields: try FieldSelector(parsing: request.query["fieldSelector"] ?? ""))
        } catch {
            throw .badRequest(error.message)
        }
    }

    private func list(_ request: APIRequest) async throws(APIError) -> APIResponse {
        let query = try query(request)
        if request.isWatch {
            let seconds = Int(request.query["timeoutSeconds"] ?? "") ?? 1800
            return .watch(await cluster.watch(query, resourceVersion: request.query["resourceVersion"], timeout: .seconds(seconds)))
        }
        let (items, version) = await cluster.list(query)
        if request.accept.contains("as=Table") {
            return .json(status: 200, TableView.table(for: type, items: items, resourceVersion: version))
        }
        return .json(status: 200, [
            "kind": .string("\(type.kind)List"), "apiVersion": .string(type.groupVersion),
            "metadata": ["resourceVersion": .string(String(version))], "items": .array(items),
        ])
    }

    private func get(_ request: APIRequest, name: String) async throws(APIError) -> APIResponse {
        let object = try await cluster.get(type, namespace: namespace, name: name)
        if request.accept.contains("as=Table") {
            let version = Int(object.resourceVersion ?? "") ?? 0
            return .json(status: 200, TableView.table(for: type, items: [object], resourceVersion: version))
        }
        return .json(status: 200, object)
    }

    private func create(_ request: APIRequest, dryRun: Bool) async throws(APIError) -> JSON {
        var object = try request.bodyJSON()
        try placeInNamespace(&object)
        if object.name.isEmpty, let prefix = object[path: ["metadata", "generateName"]]?.stringValue {
            object[path: ["metadata", "name"]] = .string(prefix + NameSuffix.random())
        }
        return try await cluster.create(object, as: type, dryRun: dryRun)
    }

    private func replace(_ request: APIRequest, name: String, dryRun: Bool) async throws(APIError) -> JSON {
        var object = try request.bodyJSON()
        try placeInNamespace(&object)
        guard object.name == name else { throw .badRequest("the name of the object (\(object.name)) does not match the name on the URL (\(name))") }
        return try await cluster.replace(object, as: type, dryRun: dryRun)
    }

    private func patch(_ request: APIRequest, name: String, dryRun: Bool) async throws(APIError) -> APIResponse {
        let body = try request.bodyJSON()
        let current: JSON
        do {
            current = try await cluster.get(type, namespace: namespace, name: name)
        } catch let error where error.code == 404 && request.contentType.contains("apply-patch") {
            // Server-side apply creates what does not exist yet.
            var object = body
            object[path: ["metadata", "name"]] = .string(name)
            try placeInNamespace(&object)
            return .json(status: 201, try await cluster.create(object, as: type, dryRun: dryRun))
        }
        var patched = try PatchRequest.apply(body, contentType: request.contentType, to: current)
        try placeInNamespace(&patched)
        // A patch carries a resourceVersion only when the client wants it as a precondition.
        if body[path: ["metadata", "resourceVersion"]] == nil && !request.contentType.contains("json-patch") {
            patched[path: ["metadata", "resourceVersion"]] = nil
        }
        return .json(status: 200, try await cluster.replace(patched, as: type, dryRun: dryRun))
    }

    private func deleteCollection(_ request: APIRequest, dryRun: Bool) async throws(APIError) -> JSON {
        let (items, version) = await cluster.list(try query(request))
        for item in items { _ = try? await cluster.delete(type, namespace: item.namespace, name: item.name, dryRun: dryRun) }
        return ["kind": .string("\(type.kind)List"), "apiVersion": .string(type.groupVersion),
                "metadata": ["resourceVersion": .string(String(version))], "items": .array(items)]
    }

    /// The URL's namespace is the object's; a different one in the body is an error, as on a real server.
    private func placeInNamespace(_ object: inout JSON) throws(APIError) {
        guard type.namespaced, let namespace else { return }
        if let stated = object.namespace, !stated.isEmpty, stated != namespace {
            throw .badRequest("the namespace of the provided object does not match the namespace sent on the request")
        }
        object[path: ["metadata", "namespace"]] = .string(namespace)
    }
}
