/// `/scale` of deployments, statefulsets and replicasets: the `autoscaling/v1` Scale view that
/// `kubectl scale` patches.
struct ScaleSubresource {
    let cluster: Cluster
    let type: ResourceType

    func handle(_ request: APIRequest, namespace: String?, name: String, dryRun: Bool) async throws(APIError) -> JSON {
        guard type.scalable else { throw APIError(code: 404, reason: "NotFound", message: "\(type.qualifiedName) has no scale subresource") }
        let object = try await cluster.get(type, namespace: namespace, name: name)
        let current = Self.scale(of: object)
        let requested: JSON
        switch request.method {
        case "GET": return current
        case "PUT": requested = try request.bodyJSON()
        case "PATCH": requested = try PatchRequest.apply(try request.bodyJSON(), contentType: request.contentType, to: current)
        default: throw APIError(code: 405, reason: "MethodNotAllowed", message: "\(request.method) is not supported on scale")
        }
        try NumericValidation.checkScale(requested, name: name)
        // checkScale made sure replicas is an int32 count.
        guard let replicas = requested[path: ["spec", "replicas"]]?.intValue else { return current }
        var updated = object
        updated[path: ["spec", "replicas"]] = .int(replicas)
        return Self.scale(of: try await cluster.replace(updated, as: type, dryRun: dryRun))
    }

    static func scale(of object: JSON) -> JSON {
        let selector = LabelSelector.text(of: object[path: ["spec", "selector"]])
        return [
            "kind": "Scale", "apiVersion": "autoscaling/v1",
            "metadata": ["name": .string(object.name), "namespace": .string(object.namespace ?? ""), "uid": .string(object.uid),
                         "resourceVersion": object[path: ["metadata", "resourceVersion"]] ?? "",
                         "creationTimestamp": object[path: ["metadata", "creationTimestamp"]] ?? ""],
            "spec": ["replicas": .int(object.specReplicas)],
            "status": ["replicas": .int(object.statusCount("replicas")), "selector": .string(selector)],
        ]
    }
}

extension LabelSelector {
    /// `matchLabels` as the `a=b,c=d` string the Scale status carries.
    static func text(of selector: JSON?) -> String {
        (selector?["matchLabels"]?.stringMap ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}
