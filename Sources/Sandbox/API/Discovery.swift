/// The discovery documents kubectl reads to map `deploy` to `deployments.apps/v1` and to find the
/// `/scale` subresource `kubectl scale` uses. Served in the legacy (unaggregated) form: kubectl
/// 1.32 asks for aggregated discovery first and falls back when the answer is plain JSON.
enum Discovery {
    static let version: JSON = [
        "major": "1", "minor": "32", "gitVersion": "v1.32.0-bosun-sandbox", "gitCommit": "0000000",
        "gitTreeState": "clean", "buildDate": "2025-01-01T00:00:00Z", "goVersion": "go1.23",
        "compiler": "gc", "platform": "linux/amd64",
    ]

    static func coreVersions(serverAddress: String) -> JSON {
        ["kind": "APIVersions", "versions": ["v1"],
         "serverAddressByClientCIDRs": [["clientCIDR": "0.0.0.0/0", "serverAddress": .string(serverAddress)]]]
    }

    static var groups: JSON {
        ["kind": "APIGroupList", "apiVersion": "v1", "groups": .array(ResourceType.groupVersions.map(group))]
    }

    static func group(named name: String) -> JSON? {
        ResourceType.groupVersions.first { $0.group == name }.map(group)
    }

    private static func group(_ entry: (group: String, version: String)) -> JSON {
        let version: JSON = ["groupVersion": .string("\(entry.group)/\(entry.version)"), "version": .string(entry.version)]
        return ["kind": "APIGroup", "apiVersion": "v1", "name": .string(entry.group), "versions": [version], "preferredVersion": version]
    }

    /// `APIResourceList` of one group version, nil if the sandbox serves nothing there.
    static func resources(group: String, version: String) -> JSON? {
        let types = ResourceType.all.filter { $0.group == group && $0.version == version }
        guard !types.isEmpty else { return nil }
        let groupVersion = group.isEmpty ? version : "\(group)/\(version)"
        return ["kind": "APIResourceList", "apiVersion": "v1", "groupVersion": .string(groupVersion),
                "resources": .array(types.flatMap(entries))]
    }

    private static func entries(_ type: ResourceType) -> [JSON] {
        var main: JSON = [
            "name": .string(type.plural), "singularName": .string(type.singular), "namespaced": .bool(type.namespaced),
            "kind": .string(type.kind),
            "verbs": ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
        ]
        if !type.shortNames.isEmpty { main["shortNames"] = .array(type.shortNames.map { .string($0) }) }
        if type.inAllCategory { main["categories"] = ["all"] }
        var entries = [main]
        if type.hasStatus {
            entries.append(["name": .string("\(type.plural)/status"), "singularName": "", "namespaced": .bool(type.namespaced),
                            "kind": .string(type.kind), "verbs": ["get", "patch", "update"]])
        }
        if type.scalable {
            entries.append(["name": .string("\(type.plural)/scale"), "singularName": "", "namespaced": true,
                            "group": "autoscaling", "version": "v1", "kind": "Scale", "verbs": ["get", "patch", "update"]])
        }
        return entries
    }
}
