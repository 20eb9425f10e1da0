/// What a compiled step is, beside the argv it runs: rollback, the tool inventory, the graph and
/// the release record read this, never the argv back.
package enum StepIntent: Sendable, Hashable, Codable {
    case terraformInit(dir: String)
    case terraform(dir: String, address: String)
    /// The provider's connect and health commands; `programs` are the ones they start.
    case connect(provider: String, programs: [String])
    case namespace(name: String)
    /// `kubectl apply -f` of files or folders (rendered with the plan's variables when `render`).
    case apply(paths: [String], render: Bool, deployments: [DeploymentRef])
    /// `kubectl apply -k` of a kustomization, through Bosun's overlay when `images` are given.
    case kustomize(dir: String, images: [String: String], deployments: [DeploymentRef])
    case rollout(RolloutIntent)
    case check(url: String)
    /// A plain argv; `usesCluster` when Bosun gave it the run's kubeconfig.
    case run(program: String, usesCluster: Bool)
    case approve(prompt: String)
    /// An operator's rollback of one deployment (`bosun rollback --service`).
    case serviceRollback(deployment: DeploymentRef, toRevision: Int?)
    /// A join point, or a step of another environment: runs nothing.
    case barrier
    /// The environment's cluster lock: the Lease `lease` in `bosun-system`.
    case clusterLock(lease: String)

    /// The programs the step starts, for the preflight.
    package var programs: [String] {
        switch self {
        case .terraformInit, .terraform: ["terraform"]
        case .connect(_, let programs): programs
        case .namespace, .apply, .kustomize, .rollout, .serviceRollback, .clusterLock: ["kubectl"]
        case .run(let program, _): [program]
        case .check, .approve, .barrier: []
        }
    }

    /// Whether the step talks to the cluster through the run's kubeconfig, which a connect step writes.
    package var usesCluster: Bool {
        switch self {
        case .namespace, .apply, .kustomize, .rollout, .serviceRollback, .clusterLock: true
        case .run(_, let usesCluster): usesCluster
        case .terraformInit, .terraform, .connect, .check, .approve, .barrier: false
        }
    }

    /// The deployments whose release the step changes: observed before and after it runs.
    package var deployments: [DeploymentRef] {
        switch self {
        case .apply(_, _, let deployments), .kustomize(_, _, let deployments): deployments
        case .rollout(let rollout): [rollout.deployment]
        case .serviceRollback(let deployment, _): [deployment]
        default: []
        }
    }

    /// The terraform folder of terraform steps (they share its state lock).
    var terraformDir: String? {
        switch self {
        case .terraformInit(let dir), .terraform(let dir, _): dir
        default: nil
        }
    }
}

/// A Deployment in a namespace (nil: the kubeconfig's default namespace).
package struct DeploymentRef: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    package var name: String
    package var namespace: String?

    package init(name: String, namespace: String?) {
        self.name = name
        self.namespace = namespace
    }

    /// `namespace/name`, the key of the deployment in captures and in the release record.
    package var key: String { "\(namespace ?? "default")/\(name)" }

    package var description: String { "deployment/\(name)" + (namespace.map { " in namespace \($0)" } ?? "") }

    package static func < (lhs: DeploymentRef, rhs: DeploymentRef) -> Bool { lhs.key < rhs.key }
}

/// A rolling update of one container of a deployment, undone to the release that was live before
/// the run when it fails.
package struct RolloutIntent: Sendable, Hashable, Codable {
    package var deployment: DeploymentRef
    package var container: String
    package var image: String
    /// Seconds `rollout status` waits; nil: kubectl's default.
    package var timeout: Double?
    /// The health URL checked after the update (and after an undo).
    package var health: String?

    package init(deployment: DeploymentRef, container: String, image: String, timeout: Double?, health: String?) {
        self.deployment = deployment
        self.container = container
        self.image = image
        self.timeout = timeout
        self.health = health
    }
}
