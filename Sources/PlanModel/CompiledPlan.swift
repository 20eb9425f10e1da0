import BosunBasics
import PlanGraph

/// A plan compiled for one environment: every step with its exact argv, and the DAG between them.
///
/// Node `i` of `graph` is `steps[i]`. Levels and the critical path are computed once at compile time.
public struct CompiledPlan: Sendable, Codable {
    package var planName: String
    package var description: String?
    package var environment: String
    /// The plan file, as given on the command line.
    package var planFile: String
    /// Absolute path of the folder the plan's files are read from (the working tree's, or the
    /// run's workspace): every step runs here, and commands name it `{plan}` (``CommandWord``).
    package var workingDirectory: String
    /// The run-private kubeconfig every kubectl command is given: `{run}/kubeconfig`.
    package var kubeconfig: String
    /// The run's private folder (terraform plan files, kubeconfig), which commands name `{run}`;
    /// a placeholder such as `.bosun/runs/<run>` in dry runs.
    package var runDirectory: String
    /// Resolved variables (name -> value), for the journal and `bosun show`.
    package var variables: [String: String]
    public var steps: [CompiledStep] {
        didSet { stepIndices = Self.indices(of: steps) }
    }
    /// Node index by step id: ``index(of:)`` is asked for every line of a journal.
    private var stepIndices: [String: Int]
    package var graph: DependencyGraph
    /// Topological level of each node (longest chain of dependencies below it, barriers included).
    package var levels: [Int]
    /// Node indices of a longest path through the DAG, counting real steps (barriers weigh 0).
    package var criticalPath: [Int]
    /// Every program the steps run (plus the provider's tools), for the preflight.
    package var tools: [ToolRequirement]
    /// The provider's connect and health commands, as a connect step runs them: what
    /// `bosun doctor` runs even when the plan has no connect step.
    package var providerCheck: [StepCommand]
    /// Values of secret variables: used to redact, never written anywhere (not encoded).
    package var secrets: [String] = []
    /// Secret variables by name, with their values: the journal keeps only a digest of each (not encoded).
    package var secretVariables: [String: String] = [:]
    /// Runs take a Lease in the cluster before any step (environment `cluster_lock: true`).
    package var clusterLock = false
    /// Seconds the cluster lock's Lease lasts unless renewed (`lock_lease:`); nil: 60.
    package var lockLeaseSeconds: Int?
    /// Runs keep a record in the cluster (`bosun-system`), the last this many; nil: no records
    /// (`records: false`, or an environment without a cluster).
    package var recordsKept: Int?
    /// `state: { s3: BUCKET/PREFIX }`: where each run's journal is uploaded when it ends.
    package var journalUpload: String?
    /// Webhooks told when a run starts and ends (`notify:`, the plan's and the environment's),
    /// resolved. Not encoded: a webhook URL is often a credential, and adding one is no reason
    /// for `--resume` to see a different plan.
    package var notify: [String] = []
    /// The machine-local files the provider reads (not encoded: the run's source records the ones
    /// read from the working tree).
    package var localFiles: [LocalFile] = []
    /// What the compile found questionable but not wrong (a kubeconfig that does not exist yet),
    /// for validate, plan, apply and doctor to show (not encoded).
    package var warnings: [Diagnostic] = []

    /// The local files that do not exist: a run that connects cannot start without them.
    package var missingLocalFiles: [LocalFile] { localFiles.filter { !$0.exists } }

    private enum CodingKeys: String, CodingKey {
        case planName, description, environment, planFile, workingDirectory, kubeconfig, runDirectory, variables,
             steps, graph, levels, criticalPath, tools, providerCheck, clusterLock, lockLeaseSeconds, recordsKept, journalUpload
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        planName = try container.decode(String.self, forKey: .planName)
        description = try container.decodeIfPresent(String.self, forKey: .description)
        environment = try container.decode(String.self, forKey: .environment)
        planFile = try container.decode(String.self, forKey: .planFile)
        workingDirectory = try container.decode(String.self, forKey: .workingDirectory)
        kubeconfig = try container.decode(String.self, forKey: .kubeconfig)
        runDirectory = try container.decode(String.self, forKey: .runDirectory)
        variables = try container.decode([String: String].self, forKey: .variables)
        steps = try container.decode([CompiledStep].self, forKey: .steps)
        stepIndices = Self.indices(of: steps)
        graph = try container.decode(DependencyGraph.self, forKey: .graph)
        levels = try container.decode([Int].self, forKey: .levels)
        criticalPath = try container.decode([Int].self, forKey: .criticalPath)
        // Added later: journals written before them still load.
        tools = try container.decodeIfPresent([ToolRequirement].self, forKey: .tools) ?? []
        providerCheck = try container.decodeIfPresent([StepCommand].self, forKey: .providerCheck) ?? []
        clusterLock = try container.decodeIfPresent(Bool.self, forKey: .clusterLock) ?? false
        lockLeaseSeconds = try container.decodeIfPresent(Int.self, forKey: .lockLeaseSeconds)
        recordsKept = try container.decodeIfPresent(Int.self, forKey: .recordsKept)
        journalUpload = try container.decodeIfPresent(String.self, forKey: .journalUpload)
    }

    package init(
        planName: String, description: String?, environment: String, planFile: String,
        workingDirectory: String, kubeconfig: String, runDirectory: String,
        variables: [String: String], steps: [CompiledStep], graph: DependencyGraph,
        levels: [Int], criticalPath: [Int], tools: [ToolRequirement] = [], providerCheck: [StepCommand] = []
    ) {
        self.planName = planName
        self.description = description
        self.environment = environment
        self.planFile = planFile
        self.workingDirectory = workingDirectory
        self.kubeconfig = kubeconfig
        self.runDirectory = runDirectory
        self.variables = variables
        self.steps = steps
        stepIndices = Self.indices(of: steps)
        self.graph = graph
        self.levels = levels
        self.criticalPath = criticalPath
        self.tools = tools
        self.providerCheck = providerCheck
    }

    /// Index of the step with this id.
    package func index(of id: String) -> Int? { stepIndices[id] }

    private static func indices(of steps: [CompiledStep]) -> [String: Int] {
        var indices: [String: Int] = [:]
        indices.reserveCapacity(steps.count)
        // The first of a repeated id, as a scan from the start found it.
        for (index, step) in steps.enumerated() where indices[step.id] == nil { indices[step.id] = index }
        return indices
    }

    /// What `{run}` and `{plan}` stand for in this plan's commands.
    package var folders: PlanFolders { PlanFolders(run: runDirectory, plan: workingDirectory) }

    /// The real (non-barrier) steps, in node order.
    package var realSteps: [CompiledStep] { steps.filter { !$0.isBarrier } }
}
