import BosunBasics
import Execution
import Foundation
import PlanGraph
import PlanModel
import Rendering
import Testing

/// `bosun plan --format json` is read by CI scripts: the one-pass renderer must write the document
/// JSONEncoder wrote before it, byte for byte. `Reference` is that document's former Encodable.
@Suite struct PlanJSONRendererTests {
    @Test("the JSON plan is byte for byte what JSONEncoder wrote: every command type, optionals absent and present")
    func matchesJSONEncoder() throws {
        for source in [nil, Self.source, RunSource(commit: nil, requestedRevision: nil, pinned: false, workingTree: true, planDigest: "sha256:0")] {
            let plan = Self.plan()
            #expect(PlanJSONRenderer.render(plan, source: source) == (try Reference.encoded(plan, source: source)))
        }
    }

    static let source = RunSource(
        commit: "1a2b3c", requestedRevision: "v1.2", pinned: true, workingTree: false,
        modifiedFiles: ["plans/a b/k8s/db.yaml"], planDigest: "sha256:abc")

    /// Two phases through barriers; exec with every optional, an HTTP check, an approval.
    static func plan() -> CompiledPlan {
        let at = SourceLocation(file: "plans/p.yaml", line: 3, column: 7)
        let everything = StepCommand.exec(ExecCommand(
            ["kubectl", "--kubeconfig", "<run>/kube config", "apply", "-f", "-"], stdoutFile: "<run>/out.txt",
            expectOutput: "ok", environment: ["B": "2", "A": "quote \" slash /"], stdin: "kind: Namespace\n\tname: é ✓"))
        let steps = [
            CompiledStep(id: "phase:one:start", kind: .barrier, phase: "one", location: at, summary: "phase one starts"),
            CompiledStep(id: "one/apply", kind: .apply, phase: "one", location: at, summary: "apply \"it\"",
                         commands: [everything, .exec(ExecCommand(["true"]))], timeout: 90, retries: 2,
                         intent: .kustomize(dir: "k8s/overlay", images: ["b/api": "b/api:v2", "a/web": "a/web@sha256:1"],
                                            deployments: [DeploymentRef(name: "web", namespace: nil), DeploymentRef(name: "api", namespace: "shop")])),
            CompiledStep(id: "one/check", kind: .check, phase: "one", location: at, summary: "health",
                         commands: [.httpCheck(HTTPCheck(url: "https://svc/health", expectStatus: 204, attempts: 3))],
                         onFailure: [.exec(ExecCommand(["kubectl", "rollout", "undo"], captureAs: "revision"))], timeout: 0.25,
                         intent: .rollout(RolloutIntent(deployment: DeploymentRef(name: "web", namespace: "shop"), container: "web",
                                                        image: "a/web:v2", timeout: nil, health: "https://svc/health"))),
            CompiledStep(id: "phase:one:end", kind: .barrier, phase: "one", location: at, summary: "phase one done"),
            CompiledStep(id: "two/approve", kind: .approve, phase: "two", location: at, summary: "approve",
                         commands: [.approval(prompt: "ship it?")],
                         intent: .serviceRollback(deployment: DeploymentRef(name: "web", namespace: "shop"), toRevision: 3)),
        ]
        var graph = DependencyGraph(nodeCount: steps.count)
        for (from, to) in [(0, 1), (1, 2), (2, 3), (3, 4)] { graph.addEdge(from: from, to: to) }
        return CompiledPlan(
            planName: "p", description: nil, environment: "dev", planFile: "plans/p.yaml", workingDirectory: "/repo/plans",
            kubeconfig: "<run>/kubeconfig", runDirectory: "<run>", variables: ["version": "v1", "Domain": "x/y"],
            steps: steps, graph: graph, levels: [0, 0, 1, 2, 2], criticalPath: [1, 2, 4],
            tools: [ToolRequirement(program: "kubectl", versionArgv: ["kubectl", "version", "--client"], steps: ["one/apply"], provider: "eks"),
                    ToolRequirement(program: "true", steps: ["one/apply"])])
    }
}

/// The renderer's document as it was written through Encodable and JSONEncoder.
private enum Reference {
    struct Document: Encodable {
        var formatVersion = 1
        var plan, environment, workingDirectory, runDirectory, kubeconfig: String
        var variables: [String: String]
        var steps: [Step]
        var levels: [[String]]
        var criticalPath: [String]
        var source: Source?
        var tools: [ToolRequirement]
    }

    /// RunSource's members as its synthesized Encodable wrote them (it has a hand-written writer now).
    struct Source: Encodable {
        var commit, requestedRevision: String?
        var pinned, workingTree: Bool
        var modifiedFiles: [String]
        var planDigest: String
        var localFiles: [String]?

        init(_ source: RunSource) {
            commit = source.commit
            requestedRevision = source.requestedRevision
            pinned = source.pinned
            workingTree = source.workingTree
            modifiedFiles = source.modifiedFiles
            planDigest = source.planDigest
            localFiles = source.localFiles
        }
    }

    struct Step: Encodable {
        var id, kind, phase: String
        var intent: StepIntent
        var level: Int
        var location, summary: String
        var needs: [String]
        var timeoutSeconds: Double?
        var retries: Int
        var commands, onFailure: [Command]
    }

    struct Command: Encodable {
        var type: String
        var argv: [String]?
        var display: String
        var stdin, stdoutFile, expectOutput: String?
        var environment: [String: String]?
        var url: String?
        var expectStatus, attempts: Int?
        var prompt: String?
        var lease: String?

        init(_ command: StepCommand) {
            display = command.displayText
            switch command {
            case .exec(let exec):
                type = "exec"; argv = exec.argv; stdin = exec.stdin; stdoutFile = exec.stdoutFile
                expectOutput = exec.expectOutput; environment = exec.environment.isEmpty ? nil : exec.environment
            case .httpCheck(let check):
                type = "http"; url = check.url; expectStatus = check.expectStatus; attempts = check.attempts
            case .approval(let prompt):
                type = "approval"; self.prompt = prompt
            case .clusterLease(let lease):
                type = "cluster-lease"; self.lease = lease
            }
        }
    }

    static func encoded(_ plan: CompiledPlan, source: RunSource?) throws -> String {
        let dependencies = StepDependencies(plan)
        let real = plan.steps.indices.filter { !plan.steps[$0].isBarrier }
        let steps = real.map { node in
            let step = plan.steps[node]
            return Step(
                id: step.id, kind: step.kind.rawValue, phase: step.phase, intent: step.intent, level: plan.levels[node],
                location: step.location.description, summary: step.summary, needs: dependencies.direct[node],
                timeoutSeconds: step.timeout, retries: step.retries, commands: step.commands.map(Command.init),
                onFailure: step.onFailure.map(Command.init))
        }
        let grouped = Dictionary(grouping: real) { plan.levels[$0] }
        let document = Document(
            plan: plan.planName, environment: plan.environment, workingDirectory: plan.workingDirectory,
            runDirectory: plan.runDirectory, kubeconfig: plan.kubeconfig, variables: plan.variables, steps: steps,
            levels: grouped.keys.sorted().map { grouped[$0]!.map { plan.steps[$0].id } },
            criticalPath: plan.criticalPath.map { plan.steps[$0].id }, source: source.map(Source.init), tools: plan.tools)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}
