import BosunBasics

/// What kind of runbook action a step performs. `barrier` nodes are the join points between
/// phases: they run nothing and exist so that phase ordering costs O(n + m) edges, not O(n·m).
package enum StepKind: String, Sendable, Hashable, Codable, CaseIterable {
    case terraformInit = "terraform-init"
    case terraform, connect, namespace, apply, kustomize, rollout, check, run, approve, barrier
    /// The environment's cluster lock (`cluster_lock: true`), taken after connecting.
    case clusterLock = "cluster-lock"
}

/// A step of a compiled plan: a node of the DAG with the exact commands it will run.
public struct CompiledStep: Sendable, Hashable, Codable, Identifiable {
    /// Unique, readable id (`foundation/module.vpc`, or the user's `id:`). Barriers are `phase:<name>:start|end`.
    public var id: String
    package var kind: StepKind
    /// The phase the step belongs to.
    package var phase: String
    /// Where the step (or phase, for barriers) is written in the plan.
    package var location: SourceLocation
    /// One line saying what the step does, for plan output and the summary table.
    package var summary: String
    /// Commands run in order; the first failure fails the attempt.
    public var commands: [StepCommand]
    /// Commands run once after the last failed attempt (rollout: `rollout undo` + `rollout status`).
    /// The step still fails; it is reported as rolled back when these succeed.
    package var onFailure: [StepCommand]
    /// Seconds the whole step may take per attempt; nil means no limit.
    public var timeout: Double?
    /// Extra attempts after a failure (0 = run once).
    public var retries: Int
    /// Steps sharing a pool never run at the same time (terraform steps of one directory share its state lock).
    package var pool: String?
    /// Files and folders of the plan's folder the step reads (manifests, terraform folders),
    /// relative to it: what `bosun diff` compares between two revisions.
    package var files: [String]
    /// Safe to run again after an interruption (see `bosun apply --resume`).
    package var idempotent: Bool
    /// What the step is, typed (rollback, the preflight and the release record read this).
    package var intent: StepIntent
    /// Index in `commands` of the first command that changes the system. A failure before it
    /// changed nothing: the step fails without running `onFailure`. nil: `onFailure` always runs.
    package var changesFrom: Int?
    /// Files Bosun writes into the run folder before the first step (a kustomize overlay).
    package var runFiles: [GeneratedFile]
    /// The variables the step's text names (its argv, paths, rendered manifests), sorted:
    /// `bosun diff` shows those whose value changed beside the step.
    package var variables: [String]
    /// A `run:` step's read-only command (`preview:`) that `bosun plan --live` runs to show what
    /// the step would change; nil for the other kinds, which the preview knows how to look at.
    package var preview: StepCommand?

    package init(
        id: String, kind: StepKind, phase: String, location: SourceLocation, summary: String,
        commands: [StepCommand] = [], onFailure: [StepCommand] = [], timeout: Double? = nil,
        retries: Int = 0, pool: String? = nil, files: [String] = [], idempotent: Bool = true,
        intent: StepIntent? = nil, changesFrom: Int? = nil, runFiles: [GeneratedFile] = [], variables: [String] = []
    ) {
        self.id = id
        self.kind = kind
        self.phase = phase
        self.location = location
        self.summary = summary
        self.commands = commands
        self.onFailure = onFailure
        self.timeout = timeout
        self.retries = retries
        self.pool = pool
        self.files = files
        self.idempotent = idempotent
        self.intent = intent ?? (kind == .barrier ? .barrier : .run(program: "", usesCluster: false))
        self.changesFrom = changesFrom
        self.runFiles = runFiles
        self.variables = variables
    }

    package var isBarrier: Bool { kind == .barrier }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        kind = try container.decode(StepKind.self, forKey: .kind)
        phase = try container.decode(String.self, forKey: .phase)
        location = try container.decode(SourceLocation.self, forKey: .location)
        summary = try container.decode(String.self, forKey: .summary)
        commands = try container.decode([StepCommand].self, forKey: .commands)
        onFailure = try container.decode([StepCommand].self, forKey: .onFailure)
        timeout = try container.decodeIfPresent(Double.self, forKey: .timeout)
        retries = try container.decode(Int.self, forKey: .retries)
        pool = try container.decodeIfPresent(String.self, forKey: .pool)
        // Added later: journals written before them still load.
        files = try container.decodeIfPresent([String].self, forKey: .files) ?? []
        idempotent = try container.decodeIfPresent(Bool.self, forKey: .idempotent) ?? (kind != .run)
        intent = try container.decodeIfPresent(StepIntent.self, forKey: .intent)
            ?? (kind == .barrier ? .barrier : .run(program: "", usesCluster: false))
        changesFrom = try container.decodeIfPresent(Int.self, forKey: .changesFrom)
        runFiles = try container.decodeIfPresent([GeneratedFile].self, forKey: .runFiles) ?? []
        variables = try container.decodeIfPresent([String].self, forKey: .variables) ?? []
        preview = try container.decodeIfPresent(StepCommand.self, forKey: .preview)
    }
}

/// A file a step needs in the run folder, written before the first step starts.
package struct GeneratedFile: Sendable, Hashable, Codable {
    /// Absolute path inside the run folder.
    package var path: String
    package var contents: String

    package init(path: String, contents: String) {
        self.path = path
        self.contents = contents
    }
}
