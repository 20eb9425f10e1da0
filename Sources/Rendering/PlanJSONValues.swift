import BosunBasics
import Execution
import PlanModel

/// How the model's values appear in `bosun plan --format json`: the members `JSONEncoder` wrote
/// for them (their synthesized `Encodable`, or the renderer's former document types), keys sorted.
/// Tools and the run's source are written as their own types write themselves (PlanModel, Execution).
extension JSONWriter {
    mutating func value(_ step: CompiledStep, level: Int, needs: [String]) {
        object { json in
            json.field("commands") { json in json.array { json in for command in step.commands { json.value(command) } } }
            json.field("id", step.id)
            json.field("intent") { $0.value(step.intent) }
            json.field("kind", step.kind.rawValue)
            json.field("level", level)
            json.field("location", step.location.description)
            json.field("needs", needs)
            json.field("onFailure") { json in json.array { json in for command in step.onFailure { json.value(command) } } }
            json.field("phase", step.phase)
            // Only a run step with `preview:` has it: plans without one read as before.
            if let preview = step.preview { json.field("preview") { $0.value(preview) } }
            json.field("retries", step.retries)
            json.field("summary", step.summary)
            json.field("timeoutSeconds", step.timeout)
        }
    }

    mutating func value(_ command: StepCommand) {
        object { json in
            switch command {
            case .exec(let exec):
                json.field("argv", exec.argv)
                json.field("display", command.displayText)
                json.field("environment", exec.environment.isEmpty ? nil : exec.environment)
                json.field("expectOutput", exec.expectOutput)
                json.field("stdin", exec.stdin)
                json.field("stdoutFile", exec.stdoutFile)
                json.field("type", "exec")
            case .httpCheck(let check):
                json.field("attempts", check.attempts)
                json.field("display", command.displayText)
                json.field("expectStatus", check.expectStatus)
                json.field("type", "http")
                json.field("url", check.url)
            case .approval(let prompt):
                json.field("display", command.displayText)
                json.field("prompt", prompt)
                json.field("type", "approval")
            case .clusterLease(let lease):
                json.field("display", command.displayText)
                json.field("lease", lease)
                json.field("type", "cluster-lease")
            }
        }
    }
}
