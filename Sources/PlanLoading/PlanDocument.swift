import BosunBasics

/// A value together with where it was written, so later stages can point at it.
package struct Located<Value: Sendable>: Sendable {
    package var value: Value
    package var location: SourceLocation

    package init(_ value: Value, at location: SourceLocation) {
        self.value = value
        self.location = location
    }
}

extension Located: Equatable where Value: Equatable {}

/// A plan exactly as written in its YAML file (format v1), before variables or providers are resolved.
public struct PlanDocument: Sendable {
    /// How diagnostics name the file: the path the user gave, also for a revision's copy.
    package var file: String
    /// Where the file was read from (a revision's copy is read from the run's workspace).
    package var path: String
    package var name: Located<String>
    package var description: String?
    /// Default namespace for kubectl steps that do not give their own.
    package var namespace: Located<String>?
    package var vars: [Located<VariableDefinition>]
    package var environments: [EnvironmentSpec]
    package var phases: [PhaseSpec]
    /// Plan-wide `records:`; an environment's own overrides it.
    package var records: RecordsSpec? = nil
    /// `state: { s3: … }`: where run journals are uploaded.
    package var state: JournalStateSpec? = nil
    /// `notify:` webhooks told of every run, on every environment.
    package var notify: [Located<String>] = []
}

/// A variable default from `vars:` (plan-level or environment-level).
package struct VariableDefinition: Sendable, Equatable {
    package var name: String
    package var value: String
    /// `{ value: …, secret: true }`: the value is masked in every output, log and journal.
    package var secret: Bool

    package init(name: String, value: String, secret: Bool = false) {
        self.name = name
        self.value = value
        self.secret = secret
    }
}

/// One entry of `environments:`. Keys other than the known ones are provider parameters,
/// checked against the provider's profile at compile time.
package struct EnvironmentSpec: Sendable {
    package var name: Located<String>
    package var provider: Located<String>?
    package var parameters: [Located<VariableDefinition>]
    package var terraform: TerraformSpec?
    package var vars: [Located<VariableDefinition>]
    package var protected: Bool
    /// The branch a protected environment's revisions must be reachable from (default `main`).
    package var branch: Located<String>?
    /// Lock the environment in its cluster (a Lease in `bosun-system`), for teams whose CI
    /// runners share a cluster but not a machine; nil: on when the environment keeps records.
    package var clusterLock: Located<Bool>? = nil
    /// `lock_lease:` the Lease's duration (default 60s).
    package var lockLease: Located<String>? = nil
    /// `records:` of this environment; nil: the plan's.
    package var records: RecordsSpec? = nil
    /// `notify:` webhooks of this environment's runs, besides the plan's.
    package var notify: [Located<String>] = []
    package var location: SourceLocation
}

package struct TerraformSpec: Sendable {
    package var dir: Located<String>
    package var varFile: Located<String>?
}

/// One entry of `phases:`.
package struct PhaseSpec: Sendable {
    package var name: Located<String>
    package var parallel: Bool
    /// nil means "the previous phase" (the default ordering); [] means no phase dependency.
    package var needs: [Located<String>]?
    package var steps: [StepSpec]
    package var location: SourceLocation
}

/// One step as written: the shared fields plus exactly one action.
package struct StepSpec: Sendable {
    package var id: Located<String>?
    package var needs: [Located<String>]
    package var timeout: Located<String>?
    package var retries: Located<Int>?
    /// Whether running the step twice is safe (`bosun apply --resume` re-runs an interrupted
    /// step only then); nil means the default for its kind.
    package var idempotent: Located<Bool>?
    /// The environments the step runs in; nil means all of them.
    package var environments: [Located<String>]?
    package var namespace: Located<String>?
    package var action: StepAction
    package var location: SourceLocation
    /// A `run:` step's read-only command, run by `bosun plan --live` to show what the step would
    /// change (its output is shown); nil: the step is listed as "runs, not previewed".
    package var preview: [Located<String>]? = nil
}

/// The runbook action a step performs.
package enum StepAction: Sendable {
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
    package var keyword: String {
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
    static let keywords = ["terraform", "connect", "namespace", "apply", "kustomize", "rollout", "check", "run", "approve"]
}

package struct NamespaceSpec: Sendable {
    package var name: Located<String>
    package var labels: [Located<VariableDefinition>]
}

package struct ApplySpec: Sendable {
    /// A manifest file or a folder of manifests, relative to the plan's folder.
    package var path: Located<String>
    /// `render: true`: `${name}` in the manifests is replaced with the plan's variables.
    package var render: Bool
    package var wait: WaitSpec?
}

/// `kustomize: DIR`: a kustomization folder, applied as `kubectl apply -k`; `images` override
/// the kustomization's images (its `images:` field) through an overlay Bosun writes in the run folder.
package struct KustomizeSpec: Sendable {
    package var dir: Located<String>
    /// Image name as the manifests write it → the image to run (`registry/app:${version}`).
    package var images: [Located<VariableDefinition>]
    package var wait: WaitSpec?
}

/// `kubectl wait --for=<condition>` on pods by label (`pods:`) or on one resource (`resource:`).
package struct WaitSpec: Sendable {
    package var condition: Located<String>
    package var pods: Located<String>?
    package var resource: Located<String>?
    package var timeout: Located<String>?
    package var location: SourceLocation
}

package struct RolloutSpec: Sendable {
    package var deployment: Located<String>
    /// `container=image`, as `kubectl set image` takes it.
    package var image: Located<String>
    package var timeout: Located<String>?
    package var health: Located<String>?
}

package struct CheckSpec: Sendable {
    package var http: Located<String>
    package var expect: Located<Int>?
    package var retries: Located<Int>?
    package var interval: Located<String>?
}
