import BosunBasics
import Foundation
import PlanCompiler
import PlanLoading
import PlanModel
import Providers

/// Compiles plan text placed in a copy of the fixture project (which has `k8s/db.yaml`,
/// `tf/main.tf` and `kube.yaml`), against the built-in provider profiles.
enum CompilerFixture {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let providers: ProviderCatalog = try! ProviderCatalog.builtIn()

    static let projectFolder: String = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/project").path

    static let header = """
        plan: demo
        vars: { version: v1, domain: example.test }
        environments:
          dev:
            provider: eks
            cluster: dev-cluster
            region: us-east-1
            terraform: { dir: tf, var_file: dev.tfvars }
          local: { provider: kubectl, kubeconfig: kube.yaml, context: sandbox }
        phases:

        """

    /// A first phase with the connect step that steps using the cluster need.
    static let connected = header + """
          - name: cluster
            steps:
              - connect: cluster

        """

    /// The plan with its `{run}` and `{plan}` filled in (the run folder `/runs/r1`, the fixture's
    /// folder), as its commands reach a process: the assertions read as the argv a program gets.
    /// ``compiled(_:environment:)`` is the plan as compiled, tokens and all.
    static func compile(
        _ text: String, environment: String = "dev", overrides: [String: String] = [:],
        processEnvironment: [String: String] = [:]
    ) throws(DiagnosticError) -> CompiledPlan {
        try compiled(text, environment: environment, overrides: overrides, processEnvironment: processEnvironment).shown()
    }

    static func compiled(
        _ text: String, environment: String = "dev", overrides: [String: String] = [:],
        processEnvironment: [String: String] = [:]
    ) throws(DiagnosticError) -> CompiledPlan {
        let document = try PlanLoader.parse(text, file: projectFolder + "/plan.yaml")
        return try PlanCompiler.compile(document, providers: providers, options: CompileOptions(
            environment: environment, overrides: overrides, processEnvironment: processEnvironment, runDirectory: "/runs/r1"))
    }

    /// The diagnostics compiling `text` with `overrides` produces (empty if it compiles).
    static func diagnosticsOf(_ text: String, environment: String = "dev", overrides: [String: String]) -> [Diagnostic] {
        do {
            _ = try compile(text, environment: environment, overrides: overrides)
            return []
        } catch {
            return error.diagnostics
        }
    }

    /// The diagnostics compiling `text` produces (empty if it compiles).
    static func diagnostics(_ text: String, environment: String = "dev") -> [Diagnostic] {
        do {
            _ = try compile(text, environment: environment)
            return []
        } catch {
            return error.diagnostics
        }
    }
}

extension CompiledPlan {
    func step(_ id: String) -> CompiledStep { steps[index(of: id)!] }

    /// The argv of every exec command of a step.
    func argv(_ id: String) -> [[String]] {
        step(id).commands.compactMap(\.argv)
    }

    /// Whether `dependent` (transitively) needs `dependency`.
    func needs(_ dependent: String, _ dependency: String) -> Bool {
        TopologicalOrderHelper.reaches(self, from: index(of: dependency)!, to: index(of: dependent)!)
    }
}

enum TopologicalOrderHelper {
    static func reaches(_ plan: CompiledPlan, from source: Int, to target: Int) -> Bool {
        var pending = [source]
        var seen: Set<Int> = [source]
        while let node = pending.popLast() {
            if node == target { return true }
            for next in plan.graph.dependents[node] where seen.insert(next).inserted { pending.append(next) }
        }
        return false
    }
}
