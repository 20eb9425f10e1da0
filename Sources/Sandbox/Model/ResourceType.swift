/// One kind of object the sandbox serves: what discovery announces and how URLs name it.
public struct ResourceType: Sendable, Hashable {
    public let group: String          // "" for the core group
    public let version: String
    public let plural: String
    public let singular: String
    public let kind: String
    public let namespaced: Bool
    public let shortNames: [String]
    public let inAllCategory: Bool    // listed by `kubectl get all`
    public let scalable: Bool         // has a `/scale` subresource (`kubectl scale`)
    public let hasStatus: Bool        // status is written by controllers, never by clients

    public var groupVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `deployments.apps`, as the API server names resources in its error messages.
    public var qualifiedName: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// `Deployment.apps`, as the API server names kinds in validation errors.
    public var qualifiedKind: String { group.isEmpty ? kind : "\(kind).\(group)" }

    init(
        _ group: String, _ version: String, _ plural: String, kind: String, namespaced: Bool = true,
        shortNames: [String] = [], all: Bool = false, scalable: Bool = false, status: Bool = true
    ) {
        self.group = group
        self.version = version
        self.plural = plural
        self.singular = kind.lowercased()
        self.kind = kind
        self.namespaced = namespaced
        self.shortNames = shortNames
        self.inAllCategory = all
        self.scalable = scalable
        self.hasStatus = status
    }
}

extension ResourceType {
    // Group, version and plural name a type; hashing only them keeps every store lookup (an
    // ObjectKey holds its type) from hashing the kind, short names and flags too.
    public static func == (lhs: ResourceType, rhs: ResourceType) -> Bool {
        lhs.plural == rhs.plural && lhs.group == rhs.group && lhs.version == rhs.version
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(group)
        hasher.combine(version)
        hasher.combine(plural)
    }
}

extension ResourceType {
    public static let namespaces = ResourceType("", "v1", "namespaces", kind: "Namespace", namespaced: false, shortNames: ["ns"])
    public static let nodes = ResourceType("", "v1", "nodes", kind: "Node", namespaced: false, shortNames: ["no"])
    public static let configMaps = ResourceType("", "v1", "configmaps", kind: "ConfigMap", shortNames: ["cm"], status: false)
    public static let secrets = ResourceType("", "v1", "secrets", kind: "Secret", status: false)
    public static let services = ResourceType("", "v1", "services", kind: "Service", shortNames: ["svc"], all: true)
    public static let pods = ResourceType("", "v1", "pods", kind: "Pod", shortNames: ["po"], all: true)
    public static let events = ResourceType("", "v1", "events", kind: "Event", shortNames: ["ev"], status: false)
    public static let serviceAccounts = ResourceType("", "v1", "serviceaccounts", kind: "ServiceAccount", shortNames: ["sa"], status: false)
    public static let deployments = ResourceType("apps", "v1", "deployments", kind: "Deployment", shortNames: ["deploy"], all: true, scalable: true)
    public static let statefulSets = ResourceType("apps", "v1", "statefulsets", kind: "StatefulSet", shortNames: ["sts"], all: true, scalable: true)
    public static let replicaSets = ResourceType("apps", "v1", "replicasets", kind: "ReplicaSet", shortNames: ["rs"], all: true, scalable: true)
    public static let jobs = ResourceType("batch", "v1", "jobs", kind: "Job", all: true)
    public static let leases = ResourceType("coordination.k8s.io", "v1", "leases", kind: "Lease", status: false)
    // Stored and listed only, as documented: a claim is Bound at once with no volume behind it, a
    // CronJob never fires by itself (`kubectl create job --from=cronjob/…` runs it), an Ingress
    // routes nothing and an autoscaler never scales.
    public static let persistentVolumeClaims = ResourceType(
        "", "v1", "persistentvolumeclaims", kind: "PersistentVolumeClaim", shortNames: ["pvc"])
    public static let cronJobs = ResourceType("batch", "v1", "cronjobs", kind: "CronJob", shortNames: ["cj"], all: true)
    public static let ingresses = ResourceType("networking.k8s.io", "v1", "ingresses", kind: "Ingress", shortNames: ["ing"])
    public static let horizontalPodAutoscalers = ResourceType(
        "autoscaling", "v2", "horizontalpodautoscalers", kind: "HorizontalPodAutoscaler", shortNames: ["hpa"])

    /// Everything the sandbox serves, in discovery order.
    public static let all: [ResourceType] = [
        .namespaces, .nodes, .configMaps, .secrets, .services, .pods, .events, .serviceAccounts, .persistentVolumeClaims,
        .deployments, .statefulSets, .replicaSets, .jobs, .cronJobs, .leases, .ingresses, .horizontalPodAutoscalers,
    ]

    /// The API groups other than the core group, in discovery order.
    public static var groupVersions: [(group: String, version: String)] {
        var seen: [String] = []
        for type in all where !type.group.isEmpty && !seen.contains(type.group) { seen.append(type.group) }
        return seen.map { group in (group, all.first { $0.group == group }!.version) }
    }

    public static func find(group: String, version: String, plural: String) -> ResourceType? {
        all.first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    public static func find(kind: String, apiVersion: String) -> ResourceType? {
        all.first { $0.kind == kind && $0.groupVersion == apiVersion }
    }
}
