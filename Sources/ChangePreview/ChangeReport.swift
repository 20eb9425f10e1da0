import Foundation

/// What a run of a plan would change, step by step in DAG order: `bosun plan --live`. Every part
/// comes from a read-only look at the live system (Terraform's plan, the API server's dry run,
/// the deployments and namespaces as they are), never from a guess.
///
/// Encoded as JSON it is the documented `--format json` document (docs/preview.md); the schema
/// version changes whenever a field changes meaning or goes away.
package struct ChangeReport: Sendable, Hashable {
    package static let schema = "bosun.preview/v1"

    package var schema = Self.schema
    package var plan: String
    package var environment: String
    /// Where the plan was read from: the working tree, or the commit of `--rev`.
    package var source: String
    package var commit: String?
    /// The steps previewed (the ones `--target` selects, or all), in the order a run starts them.
    package var steps: [StepPreview]
    /// Whole-preview problems (a connect that failed): the report is incomplete.
    package var problems: [String] = []

    package init(plan: String, environment: String, source: String, commit: String?, steps: [StepPreview]) {
        self.plan = plan
        self.environment = environment
        self.source = source
        self.commit = commit
        self.steps = steps
    }

    /// Counts over every step, each Terraform address and Kubernetes object counted once.
    package var summary: ChangeSummary { ChangeSummary(self) }

    /// Whether applying would change anything that was previewed (unknowable steps count as changes).
    package var hasChanges: Bool { summary.hasChanges }

    /// Whether every step could be previewed (a step failed to preview, or the connect did).
    package var isComplete: Bool { problems.isEmpty && !steps.contains { if case .failed = $0.outcome { true } else { false } } }
}

/// One step of the plan and what it would change.
package struct StepPreview: Sendable, Hashable {
    package var id: String
    package var phase: String
    /// The step's kind as plans write it (`terraform`, `apply`, `rollout`, …).
    package var kind: String
    package var summary: String
    /// `plan.yaml:12`, where the step is written.
    package var location: String
    package var outcome: StepOutcome

    package init(id: String, phase: String, kind: String, summary: String, location: String, outcome: StepOutcome) {
        self.id = id
        self.phase = phase
        self.kind = kind
        self.summary = summary
        self.location = location
        self.outcome = outcome
    }
}

/// What the preview found for one step.
package enum StepOutcome: Sendable, Hashable {
    /// `terraform plan -target`: the resources it would change (empty: no changes).
    case terraform([ResourceChange])
    /// `kubectl diff --server-side`: every object the step applies.
    case kubernetes([ObjectChange])
    /// A rolling update: the deployment's image now and after.
    case release(ReleaseChange)
    /// A namespace and its labels.
    case namespace(NamespaceChange)
    /// Connect, check, approve, run and set-up steps: they run, they are not previewed. A run
    /// step's `preview:` command's output is kept.
    case runs(note: String, preview: CommandPreview?)
    /// Not knowable until `after` has run (an object in a namespace it creates).
    case knownAfter(after: String, reason: String)
    /// The preview's own command failed for a reason no earlier step explains.
    case failed(String)
}

/// A Terraform resource instance's planned change (`resource_changes` of `terraform show -json`).
package struct ResourceChange: Sendable, Encodable, Hashable {
    package enum Action: String, Sendable, Encodable, Hashable, CaseIterable {
        case create, update, replace, delete, read
    }

    package var address: String
    package var action: Action
    /// Inside the step's `-target` (false: a dependency the target's plan includes, which an
    /// earlier step applies first).
    package var inTarget: Bool

    package init(address: String, action: Action, inTarget: Bool) {
        self.address = address
        self.action = action
        self.inTarget = inTarget
    }
}

/// One Kubernetes object a step applies, as the API server's dry run answers it.
package struct ObjectChange: Sendable, Encodable, Hashable {
    package enum Action: String, Sendable, Encodable, Hashable { case create, change, unchanged }

    package var kind: String
    package var namespace: String?
    package var name: String
    package var action: Action
    /// The unified diff of live → applied (three lines of context), secrets masked; nil when unchanged.
    package var diff: String?
    /// Containers whose image changes (a Deployment's release), by container name.
    package var images: [ImageChange]

    package init(kind: String, namespace: String?, name: String, action: Action, diff: String?, images: [ImageChange] = []) {
        self.kind = kind
        self.namespace = namespace
        self.name = name
        self.action = action
        self.diff = diff
        self.images = images
    }

    /// `Deployment ecotrack/user-service`.
    package var shownName: String { "\(kind) " + (namespace.map { "\($0)/" } ?? "") + name }
}

/// One container's image before and after (nil before: the object is new).
package struct ImageChange: Sendable, Encodable, Hashable {
    package var container: String
    package var from: String?
    package var to: String

    package init(container: String, from: String?, to: String) {
        self.container = container
        self.from = from
        self.to = to
    }
}

/// A rollout step: the deployment's image and revision now, and the image it would roll to.
package struct ReleaseChange: Sendable, Encodable, Hashable {
    package var deployment: String
    package var namespace: String?
    package var container: String
    /// nil when the deployment has no such container (the rollout would fail).
    package var currentImage: String?
    package var currentRevision: Int?
    package var newImage: String

    package init(deployment: String, namespace: String?, container: String, currentImage: String?, currentRevision: Int?, newImage: String) {
        self.deployment = deployment
        self.namespace = namespace
        self.container = container
        self.currentImage = currentImage
        self.currentRevision = currentRevision
        self.newImage = newImage
    }

    package var changes: Bool { currentImage != newImage }
}

/// A namespace step: created, or its labels added, changed or removed.
package struct NamespaceChange: Sendable, Encodable, Hashable {
    package var name: String
    package var exists: Bool
    package var added: [String: String]
    /// Label → (from, to).
    package var changed: [String: LabelValues]
    /// Labels an earlier apply of this step set, that the plan no longer has (kubectl apply removes them).
    package var removed: [String: String]

    package struct LabelValues: Sendable, Encodable, Hashable {
        package var from: String
        package var to: String

        package init(from: String, to: String) {
            self.from = from
            self.to = to
        }
    }

    package init(name: String, exists: Bool, added: [String: String], changed: [String: LabelValues], removed: [String: String]) {
        self.name = name
        self.exists = exists
        self.added = added
        self.changed = changed
        self.removed = removed
    }

    package var changes: Bool { !exists || !added.isEmpty || !changed.isEmpty || !removed.isEmpty }
}

/// A `preview:` command and what it printed.
package struct CommandPreview: Sendable, Encodable, Hashable {
    package var command: String
    package var exitStatus: Int32?
    package var output: String

    package init(command: String, exitStatus: Int32?, output: String) {
        self.command = command
        self.exitStatus = exitStatus
        self.output = output
    }
}
