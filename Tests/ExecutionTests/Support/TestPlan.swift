import BosunBasics
import Foundation
import PlanGraph
import PlanModel

/// A step of a hand-built test plan. By default it runs one command whose argv is its own id, so
/// a ``ScriptedRunner`` can be programmed per step or per command text.
struct TestStep {
    var id: String
    var needs: [String] = []
    var kind: StepKind = .run
    var commands: [StepCommand]?
    var onFailure: [StepCommand] = []
    var timeout: Double?
    var retries = 0
    var pool: String?
    var changesFrom: Int?
    var intent: StepIntent?

    static func barrier(_ id: String, needs: [String] = []) -> TestStep {
        TestStep(id: id, needs: needs, kind: .barrier, commands: [])
    }

    static func exec(_ id: String, _ argv: [String], needs: [String] = [], timeout: Double? = nil) -> TestStep {
        TestStep(id: id, needs: needs, commands: [.exec(ExecCommand(argv))], timeout: timeout)
    }
}

/// Builds small CompiledPlans by hand: the DAG from `needs`, everything else plain.
enum TestPlan {
    static func make(_ steps: [TestStep], workingDirectory: String = FileManager.default.temporaryDirectory.path) -> CompiledPlan {
        var graph = DependencyGraph(nodeCount: steps.count)
        let index = Dictionary(uniqueKeysWithValues: steps.enumerated().map { ($1.id, $0) })
        for (node, step) in steps.enumerated() {
            for need in step.needs { graph.addEdge(from: index[need]!, to: node) }
        }
        let compiled = steps.map { step in
            CompiledStep(
                id: step.id, kind: step.kind, phase: "test", location: .file("test.yaml"), summary: step.id,
                commands: step.commands ?? [.exec(ExecCommand([step.id]))], onFailure: step.onFailure,
                timeout: step.timeout, retries: step.retries, pool: step.pool, intent: step.intent, changesFrom: step.changesFrom)
        }
        let order = TopologicalOrder.order(of: graph)!
        return CompiledPlan(
            planName: "test-plan", description: nil, environment: "test", planFile: "test.yaml",
            workingDirectory: workingDirectory, kubeconfig: "/dev/null", runDirectory: "/tmp",
            variables: [:], steps: compiled, graph: graph,
            levels: TopologicalOrder.levels(of: graph, order: order), criticalPath: [])
    }

    /// `count` steps with no dependencies, named `s0`, `s1`, ….
    static func independent(_ count: Int) -> CompiledPlan {
        make((0..<count).map { TestStep(id: "s\($0)") })
    }
}
