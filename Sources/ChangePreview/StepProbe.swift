import PlanGraph
import PlanModel

/// How the preview looks at one step: the read-only commands it runs instead of the step's own,
/// and where their answers land. Each reads what the step's real commands would change, through
/// the same tools and the same argv (kubeconfig, namespace, var file) as the run.
enum StepProbe: Sendable {
    /// Terraform's plan of the step's target into the preview folder, then `show -json` of it.
    case terraform(address: String, json: String)
    /// `kubectl diff --server-side` of what the step applies; its output in `output`.
    case diff(output: String)
    /// The namespace as it is (`kubectl get namespace -o json`) and the labels the step sets.
    case namespace(name: String, labels: [String: String], output: String)
    /// The deployment as it is (`kubectl get deployment -o json`).
    case rollout(RolloutIntent, output: String)
    /// A run step's `preview:` command; its standard output in `output`.
    case command(display: String, output: String)
    /// Runs in the preview as in a run, to reach the system (connect, terraform init).
    case setup(note: String)
    /// Runs in a run, not in the preview.
    case notPreviewed(note: String)
    /// A join point, or the cluster lock: not shown.
    case hidden
}

/// Each step's probe, and the plan whose steps run the probes instead of their own commands.
struct ProbePlan: Sendable {
    var plan: CompiledPlan
    var probes: [String: StepProbe]
    /// For each step whose server-side diff the server may refuse, the client-side diff to run instead.
    var clientSideDiffs: [String: ExecCommand]
    /// Steps whose failure ends the preview of what depends on them (connect, terraform init).
    var strict: Set<String>
    /// Companion steps → the step they belong to: each terraform step's `terraform show -json`
    /// runs as a step of its own, outside the folder's one-at-a-time pool (it reads the plan file,
    /// not the state, and takes no lock), so the next target's plan need not wait for it.
    var companions: [String: String]

    /// The id of a terraform step's `show` companion.
    static func showStep(of id: String) -> String { id + "#show" }

    /// Where probes write what they read, in the preview's run folder (`{run}` in commands).
    static let folder = "preview"

    /// Environment of every `kubectl diff`: GNU diff (what kubectl runs by default) with the whole
    /// object as context and a line for each object that does not change, so that each object
    /// is read whole from the output, created, changed or not. kubectl takes only words of
    /// letters, digits, `-` and `=` after the program, and passes them after the two folders.
    static let diffEnvironment = ["KUBECTL_EXTERNAL_DIFF": "diff --unified=1000000 --new-file --report-identical-files"]

    init(_ compiled: CompiledPlan) {
        plan = compiled
        probes = [:]
        clientSideDiffs = [:]
        strict = []
        companions = [:]
        for index in plan.steps.indices {
            let step = plan.steps[index]
            let (probe, commands) = Self.probe(for: step, in: compiled)
            probes[step.id] = probe
            plan.steps[index].commands = commands
            // The preview undoes nothing, retries nothing and waits for nothing it does not run.
            plan.steps[index].onFailure = []
            plan.steps[index].retries = 0
            plan.steps[index].changesFrom = nil
            if case .setup = probe { strict.insert(step.id) }
            if case .diff = probe, case .exec(var clientSide) = commands.first {
                clientSide.argv.removeAll { $0 == "--server-side" || $0 == "--force-conflicts" }
                clientSideDiffs[step.id] = clientSide
            }
        }
        splitTerraformShows()
    }

    /// Moves each terraform step's second command (`show -json`) into a companion step that needs
    /// only it and belongs to no pool.
    private mutating func splitTerraformShows() {
        var steps = plan.steps
        for index in plan.steps.indices {
            guard case .terraform = probes[plan.steps[index].id], steps[index].commands.count == 2 else { continue }
            let step = steps[index]
            var show = CompiledStep(id: Self.showStep(of: step.id), kind: step.kind, phase: step.phase, location: step.location,
                                    summary: "terraform show -json", commands: [step.commands[1]], intent: step.intent)
            show.pool = nil
            steps[index].commands = [step.commands[0]]
            let node = plan.graph.addNode()
            plan.graph.addEdge(from: index, to: node)
            plan.levels.append(plan.levels[index] + 1)
            steps.append(show)
            probes[show.id] = .hidden
            companions[show.id] = step.id
        }
        plan.steps = steps
    }

    /// `targets` with the companions of the terraform steps they run: every one their closure
    /// holds, or with `only`, theirs alone.
    func withCompanions(_ targets: [String], only: Bool) -> [String] {
        guard !targets.isEmpty else { return targets }
        let roots = targets.compactMap { plan.index(of: $0) }
        let selected = only ? Set(roots) : TopologicalOrder.closure(of: roots, in: plan.graph)
        let added = selected.map { plan.steps[$0].id }.map(Self.showStep).filter { companions[$0] != nil }.sorted()
        return targets + added
    }

    /// The file a step's probe writes, relative to the run folder.
    static func output(of step: CompiledStep, _ suffix: String) -> String {
        folder + "/" + StepFileName.of(step.id) + suffix
    }

    private static func probe(for step: CompiledStep, in plan: CompiledPlan) -> (StepProbe, [StepCommand]) {
        switch step.intent {
        case .terraformInit:
            return (.setup(note: "runs terraform init (the preview ran it too)"), step.commands)
        case .connect:
            return (.setup(note: "connects and checks the cluster (the preview ran it to connect, read-only)"), step.commands)
        case .terraform(let dir, let address):
            // The run's own plan command: same target, var file and `-out` (into the preview's
            // folder). It takes the state lock as a run would, so it never reads a state that a
            // concurrent apply is half-way through writing; plan writes no state.
            guard let plan = step.commands.first, case .exec(let planCommand) = plan,
                  let out = planCommand.argv.first(where: { $0.hasPrefix("-out=") })?.dropFirst(5) else {
                return (.notPreviewed(note: "runs terraform"), [])
            }
            let json = output(of: step, ".json")
            let show = ExecCommand(["terraform", "-chdir=" + CommandWord.escaped(dir), "show", "-json", "-no-color", String(out)],
                                   stdoutFile: CommandWord.inRun(json), environment: planCommand.environment)
            return (.terraform(address: address, json: json), [plan, .exec(show)])
        case .apply, .kustomize:
            let index = step.changesFrom ?? 0
            guard step.commands.indices.contains(index), case .exec(let apply) = step.commands[index],
                  let verb = apply.argv.firstIndex(of: "apply") else {
                return (.notPreviewed(note: "applies manifests"), [])
            }
            var argv = apply.argv
            argv[verb] = "diff"
            argv += ["--server-side", "--force-conflicts"]
            let file = output(of: step, ".diff")
            return (.diff(output: file), [.exec(ExecCommand(argv, stdoutFile: CommandWord.inRun(file), environment: diffEnvironment,
                                                            stdin: apply.stdin, stdinLabel: apply.stdinLabel))])
        case .namespace(let name):
            guard let apply = step.commands.first, case .exec(let exec) = apply, let manifest = exec.stdin else {
                return (.notPreviewed(note: "applies the namespace"), [])
            }
            let file = output(of: step, ".json")
            let get = ExecCommand(["kubectl", "--kubeconfig", plan.kubeconfig, "get", "namespace", CommandWord.escaped(name),
                                   "--ignore-not-found", "-o", "json"], stdoutFile: CommandWord.inRun(file))
            return (.namespace(name: name, labels: NamespaceLabels.desired(in: manifest), output: file), [.exec(get)])
        case .rollout(let rollout):
            // The run's first command reads the deployment before it changes it: the same read.
            guard let observe = step.commands.first, case .exec(var read) = observe else {
                return (.notPreviewed(note: "rolls out a release"), [])
            }
            let file = output(of: step, ".json")
            read.reads = nil
            read.stdoutFile = CommandWord.inRun(file)
            return (.rollout(rollout, output: file), [.exec(read)])
        case .run:
            guard let preview = step.preview, case .exec(var command) = preview else {
                return (.notPreviewed(note: "runs, not previewed (a run step may declare `preview:`, a read-only command)"), [])
            }
            let file = output(of: step, ".out")
            command.stdoutFile = CommandWord.inRun(file)
            // Shown as `bosun plan` shows commands: the run's folder as <run> (the preview's is gone by then).
            let shown = preview.resolved(in: PlanFolders(run: "<run>", plan: plan.workingDirectory)) ?? preview
            return (.command(display: shown.displayText, output: file), [.exec(command)])
        case .check(let url):
            return (.notPreviewed(note: "runs, not previewed: GET \(url)"), [])
        case .approve:
            return (.notPreviewed(note: "asks for approval (or --yes), not previewed"), [])
        case .serviceRollback:
            return (.notPreviewed(note: "rolls a deployment back, not previewed"), [])
        case .clusterLock, .barrier:
            return (.hidden, [])
        }
    }
}
