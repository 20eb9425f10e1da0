/// One kind of object the sandbox serves: what discovery announces and how URLs name it.
package struct ResourceType: Sendable, Hashable {
    package let group: String          // "" for the core group
    package let version: String
    package let plural: String
    let singular: String
    package let kind: String
    let namespaced: Bool
    let shortNames: [String]
    let inAllCategory: Bool    // listed by `kubectl get all`
    let scalable: Bool         // has a `/scale` subresource (`kubectl scale`)
    let hasStatus: Bool        // status is written by controllers, never by clients

    var groupVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

    /// `deployments.apps`, as the API server names resources in its error messages.
    var qualifiedName: String { group.isEmpty ? plural : "\(plural).\(group)" }

    /// `Deployment.apps`, as the API server names kinds in validation errors.
    var qualifiedKind: String { group.isEmpty ? kind : "\(kind).\(group)" }

    /// Whether the API server keeps `metadata.generation` (1 on create, +1 on a spec change): the
    /// types whose controllers report an observedGeneration. ConfigMaps, Secrets, Services,
    /// Namespaces and Pods have none on a real server (so `kubectl diff` of them never shows one).
    var keepsGeneration: Bool {
        switch (group, plural) {
        case ("apps", _), ("batch", _), ("networking.k8s.io", "ingresses"), ("autoscaling", "horizontalpodautoscalers"): true
        default: false
        }
    }

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
    package static func == (lhs: ResourceType, rhs: ResourceType) -> Bool {
        lhs.plural == rhs.plural && lhs.group == rhs.group && lhs.version == rhs.version
    }

    package func hash(into hasher: inout Hasher) {
        hasher.combine(group)
        hasher.combine(version)
        hasher.combine(plural)
    }
}

extension ResourceType {
    package static let namespaces = ResourceType("", "v1", "namespaces", kind: "Namespace", namespaced: false, shortNames: ["ns"])
    package static let nodes = ResourceType("", "v1", "nodes", kind: "Node", namespaced: false, shortNames: ["no"])
    package static let configMaps = ResourceType("", "v1", "configmaps", kind: "ConfigMap", shortNames: ["cm"], status: false)
    package static let secrets = ResourceType("", "v1", "secrets", kind: "Secret", status: false)
    package static let services = ResourceType("", "v1", "services", kind: "Service", shortNames: ["svc"], all: true)
    package static let pods = ResourceType("", "v1", "pods", kind: "Pod", shortNames: ["po"], all: true)
    package static let events = ResourceType("", "v1", "events", kind: "Event", shortNames: ["ev"], status: false)
    static let serviceAccounts = ResourceType("", "v1", "serviceaccounts", kind: "ServiceAccount", shortNames: ["sa"], status: false)
    package static let deployments = ResourceType("apps", "v1", "deployments", kind: "Deployment", shortNames: ["deploy"], all: true, scalable: true)
    package static let statefulSets = ResourceType("apps", "v1", "statefulsets", kind: "StatefulSet", shortNames: ["sts"], all: true, scalable: true)
    package static let replicaSets = ResourceType("apps", "v1", "replicasets", kind: "ReplicaSet", shortNames: ["rs"], all: true, scalable: true)
    package static let jobs = ResourceType("batch", "v1", "jobs", kind: "Job", all: true)
    package static let leases = ResourceType("coordination.k8s.io", "v1", "leases", kind: "Lease", status: false)
    // Stored and listed only, as documented: a claim is Bound at once with no volume behind it, a
    // CronJob never fires by itself (`kubectl create job --from=cronjob/…` runs it), an Ingress
    // routes nothing and an autoscaler never scales.
    static let persistentVolumeClaims = ResourceType(
        "", "v1", "persistentvolumeclaims", kind: "PersistentVolumeClaim", shortNames: ["pvc"])
    static let cronJobs = ResourceType("batch", "v1", "cronjobs", kind: "CronJob", shortNames: ["cj"], all: true)
    package static let ingresses = ResourceType("networking.k8s.io", "v1", "ingresses", kind: "Ingress", shortNames: ["ing"])
    static let horizontalPodAutoscalers = ResourceType(
        "autoscaling", "v2", "horizontalpodautoscalers", kind: "HorizontalPodAutoscaler", shortNames: ["hpa"])

    /// Everything the sandbox serves, in discovery order.
    package static let all: [ResourceType] = [
        .namespaces, .nodes, .configMaps, .secrets, .services, .pods, .events, .serviceAccounts, .persistentVolumeClaims,
        .deployments, .statefulSets, .replicaSets, .jobs, .cronJobs, .leases, .ingresses, .horizontalPodAutoscalers,
    ]

    /// The API groups other than the core group, in discovery order.
    static var groupVersions: [(group: String, version: String)] {
        var seen: [String] = []
        for type in all where !type.group.isEmpty && !seen.contains(type.group) { seen.append(type.group) }
        return seen.map { group in (group, all.first { $0.group == group }!.version) }
    }

    package static func find(group: String, version: String, plural: String) -> ResourceType? {
        all.first { $0.group == group && $0.version == version && $0.plural == plural }
    }

    package static func find(kind: String, apiVersion: String) -> ResourceType? {
        all.first { $0.kind == kind && $0.groupVersion == apiVersion }
    }
}
