import BosunBasics

/// A value together with where it was written, so later stages can point at it.
public struct Located<Value: Sendable>: Sendable {
    public var value: Value
    public var location: SourceLocation

    public init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}

/// A plan exactly as written in its YAML file (format v1), before variables or providers are resolved.
public struct PlanDocument: Sendable {
    /// How diagnostics name the file: the path the user gave, also for a revision's copy.
    public var file: String
    /// Where the file was read from (a revision's copy is read from the run's workspace).
    public var path: String
    public var name: Located<String>
    public var description: String?
    /// Default namespace for kubectl steps that do not give their own.
    public var namespace: Located<String>?
    public var vars: [Located<VariableDefinition>]
    public var environments: [EnvironmentSpec]
    public var phases: [PhaseSpec]
}

/// A variable default from `vars:` (plan-level or environment-level).
public struct VariableDefinition: Sendable, Equatable {
    public var name: String
    public var value: String
    /// `{ value: …, secret: true }`: the value is masked in every output, log and journal.
    public var secret: Bool

    public init(name: String, value: String, secret: Bool = false) {
        self.name = name
        self.value = value
        self.secret = secret
    }
}

/// One entry of `environments:`. Keys other than the known ones are provider parameters,
/// checked against the provider's profile at compile time.
public struct EnvironmentSpec: Sendable {
    public var name: Located<String>
    public var provider: Located<String>?
    public var parameters: [Located<VariableDefinition>]
    public var terraform: TerraformSpec?
    public var vars: [Located<VariableDefinition>]
    public var protected: Bool
    /// The branch a protected environment's revisions must be reachable from (default `main`).
    public var branch: Located<String>?
    /// Also lock the environment in its cluster (a Lease in `bosun-system`), for teams whose CI
    /// runners share a cluster but not a machine.
    public var clusterLock = false
    public var location: SourceLocation
}

public struct TerraformSpec: Sendable {
    public var dir: Located<String>
    public var varFile: Located<String>?
}

/// One entry of `phases:`.
public struct PhaseSpec: Sendable {
    public var name: Located<String>
    public var parallel: Bool
    /// nil means "the previous phase" (the default ordering); [] means no phase dependency.
    public var needs: [Located<String>]?
    public var steps: [StepSpec]
    public var location: SourceLocation
}

/// One step as written: the shared fields plus exactly one action.
public struct StepSpec: Sendable {
    public var id: Located<String>?
    public var needs: [Located<String>]
    public var timeout: Located<String>?
    public var retries: Located<Int>?
    /// Whether running the step twice is safe (`bosun apply --resume` re-runs an interrupted
    /// step only then); nil means the default for its kind.
    public var idempotent: Located<Bool>?
    /// The environments the step runs in; nil means all of them.
    public var environments: [Located<String>]?
    public var namespace: Located<String>?
    public var action: StepAction
    public var location: SourceLocation
}

/// The runbook action a step performs.
public enum StepAction: Sendable {
    case terraform(target: Located<String>)
    case connect(Located<String>)
    case namespace(NamespaceSpec)
    case apply(ApplySpec)
    case kustomize(KustomizeSpec)
    case rollout(RolloutSpec)
    case check(CheckSpec)
    case run(argv: [Located<String>])
    case approve(prompt: Located<String>)

    /// The key that introduced the action (`terraform`, `apply`, …).
    public var keyword: String {
        switch self {
        case .terraform: "terraform"
        case .connect: "connect"
        case .namespace: "namespace"
        case .apply: "apply"
        case .kustomize: "kustomize"
        case .rollout: "rollout"
        case .check: "check"
        case .run: "run"
        case .approve: "approve"
        }
    }

    /// The action keys a step may carry, exactly one per step.
    public static let keywords = ["terraform", "connect", "namespace", "apply", "kustomize", "rollout", "check", "run", "approve"]
}

public struct NamespaceSpec: Sendable {
    public var name: Located<String>
    public var labels: [Located<VariableDefinition>]
}

public struct ApplySpec: Sendable {
    /// A manifest file or a folder of manifests, relative to the plan's folder.
    public var path: Located<String>
    /// `render: true`: `${name}` in the manifests is replaced with the plan's variables.
    public var render: Bool
    public var wait: WaitSpec?
}

/// `kustomize: DIR`: a kustomization folder, applied as `kubectl apply -k`; `images` override
/// the kustomization's images (its `images:` field) through an overlay Bosun writes in the run folder.
public struct KustomizeSpec: Sendable {
    public var dir: Located<String>
    /// Image name as the manifests write it → the image to run (`registry/app:${version}`).
    public var images: [Located<VariableDefinition>]
    public var wait: WaitSpec?
}

/// `kubectl wait --for=<condition>` on pods by label (`pods:`) or on one resource (`resource:`).
public struct WaitSpec: Sendable {
    public var condition: Located<String>
    public var pods: Located<String>?
    public var resource: Located<String>?
    public var timeout: Located<String>?
    public var location: SourceLocation
}

public struct RolloutSpec: Sendable {
    public var deployment: Located<String>
    /// `container=image`, as `kubectl set image` takes it.
    public var image: Located<String>
    public var timeout: Located<String>?
    public var health: Located<String>?
}

public struct CheckSpec: Sendable {
    public var http: Located<String>
    public var expect: Located<Int>?
    public var retries: Located<Int>?
    public var interval: Located<String>?
}
