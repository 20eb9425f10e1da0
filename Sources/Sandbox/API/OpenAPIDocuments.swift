/// Just enough OpenAPI v3 for kubectl. `kubectl apply` validates client-side (and needs full
/// schemas) unless each kind's PATCH operation lists the `fieldValidation` query parameter; so
/// every kind gets such an operation, and kubectl leaves validation to the server, which the
/// sandbox accepts without checking. The operations do not offer strategic merge patch, so kubectl
/// computes apply patches from its own built-in types instead of from these empty schemas.
enum OpenAPIDocuments {
    static func root() -> JSON {
        var paths: [String: JSON] = [:]
        for (group, version) in [("", "v1")] + ResourceType.groupVersions {
            let path = group.isEmpty ? "api/\(version)" : "apis/\(group)/\(version)"
            paths[path] = ["serverRelativeURL": .string("/openapi/v3/\(path)?hash=bosun-sandbox")]
        }
        return ["paths": .object(paths)]
    }

    /// The document of one group version, nil if the sandbox serves nothing there.
    static func groupVersion(_ path: String) -> JSON? {
        let parts = path.split(separator: "/").map(String.init)
        let (group, version): (String, String)
        switch parts.count {
        case 2 where parts[0] == "api": (group, version) = ("", parts[1])
        case 3 where parts[0] == "apis": (group, version) = (parts[1], parts[2])
        default: return nil
        }
        let types = ResourceType.all.filter { $0.group == group && $0.version == version }
        guard !types.isEmpty else { return nil }
        var schemas: [String: JSON] = [:]
        var paths: [String: JSON] = [:]
        for type in types {
            let gvk: JSON = ["group": .string(group), "kind": .string(type.kind), "version": .string(version)]
            let base = group.isEmpty ? "/api/\(version)" : "/apis/\(group)/\(version)"
            let scope = type.namespaced ? "/namespaces/{namespace}" : ""
            paths["\(base)\(scope)/\(type.plural)/{name}"] = ["patch": [
                "x-kubernetes-group-version-kind": gvk,
                "parameters": [["name": "fieldValidation", "in": "query", "schema": ["type": "string"]]],
                "requestBody": ["content": ["application/merge-patch+json": ["schema": ["type": "object"]]]],
                "responses": ["200": ["description": "OK"]],
            ]]
            let prefix = group.isEmpty ? "core" : group.split(separator: ".").first.map(String.init) ?? group
            schemas["io.k8s.api.\(prefix).\(version).\(type.kind)"] = [
                "type": "object",
                "x-kubernetes-group-version-kind": [["group": .string(group), "kind": .string(type.kind), "version": .string(version)]],
            ]
        }
        return [
            "openapi": "3.0.0", "info": ["title": "Kubernetes (bosun sandbox)", "version": "v1.32.0"],
            "paths": .object(paths), "components": ["schemas": .object(schemas)],
        ]
    }
}
