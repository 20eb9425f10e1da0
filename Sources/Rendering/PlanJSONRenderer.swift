import BosunBasics
import Foundation
import Execution
import PlanModel

/// The dry run for machines (CI): a stable JSON document of steps, levels and commands.
public enum PlanJSONRenderer {
    struct Document: Encodable {
        var formatVersion = 1
        var plan: String
        var environment: String
        var workingDirectory: String
        var runDirectory: String
        var kubeconfig: String
        var variables: [String: String]
        var steps: [Step]
        var levels: [[String]]
        var criticalPath: [String]
        /// Where the plan's files came from (commit, revision, pin, local changes), when known.
        var source: RunSource?
        /// What the preflight checks: each program, its version argv and the steps needing it.
        var tools: [ToolRequirement]
    }

    struct Step: Encodable {
        var id: String
        var kind: String
        var phase: String
        var level: Int
        var location: String
        var summary: String
        var needs: [String]
        var timeoutSeconds: Double?
        var retries: Int
        var commands: [Command]
        var onFailure: [Command]
    }

    struct Command: Encodable {
        var type: String
        var argv: [String]?
        var display: String
        var stdin: String?
        var stdoutFile: String?
        var expectOutput: String?
        var environment: [String: String]?
        var url: String?
        var expectStatus: Int?
        var attempts: Int?
        var prompt: String?

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
            }
        }
    }

    public static func render(_ plan: CompiledPlan, source: RunSource? = nil) -> String {
        let dependencies = StepDependencies(plan)
        let real = plan.steps.indices.filter { !plan.steps[$0].isBarrier }
        let steps = real.map { node in
            let step = plan.steps[node]
            return Step(
                id: step.id, kind: step.kind.rawValue, phase: step.phase, level: plan.levels[node],
                location: step.location.description, summary: step.summary,
                needs: dependencies.direct[node], timeoutSeconds: step.timeout,
                retries: step.retries, commands: step.commands.map(Command.init), onFailure: step.onFailure.map(Command.init))
        }
        let grouped = Dictionary(grouping: real) { plan.levels[$0] }
        let document = Document(
            plan: plan.planName, environment: plan.environment, workingDirectory: plan.workingDirectory,
            runDirectory: plan.runDirectory, kubeconfig: plan.kubeconfig, variables: plan.variables, steps: steps,
            levels: grouped.keys.sorted().map { grouped[$0]!.map { plan.steps[$0].id } },
            criticalPath: plan.criticalPath.map { plan.steps[$0].id }, source: source, tools: plan.tools)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try! encoder.encode(document), as: UTF8.self) + "\n"
    }
}
