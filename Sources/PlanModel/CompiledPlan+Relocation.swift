import BosunBasics
import Foundation

/// Rewriting the text of a compiled plan. Relocation moves it between folders (a plan compiled
/// where a git revision was materialized is shown, compared and digested as if it lived at a
/// stable placeholder path); redaction masks secret values before anything is printed or written.
extension CompiledPlan {
    /// The plan with every path under `oldFolder` moved under `newFolder`: the working folder, the
    /// run folder, the kubeconfig, the steps' locations, and every argv word, output file and
    /// environment value (of the steps and of the provider check).
    public func relocated(from oldFolder: String, to newFolder: String) -> CompiledPlan {
        mappingText { text in
            text.contains(oldFolder) ? text.replacingOccurrences(of: oldFolder, with: newFolder) : text
        }
    }

    /// The plan with every secret value masked, for display and for the journal. It is not meant
    /// to be run: its commands no longer hold the secrets.
    public func redacted() -> CompiledPlan {
        let redactor = Redactor(secrets: secrets)
        guard !redactor.isEmpty else { return self }
        var plan = mappingText(redactor.redact)
        plan.description = description.map(redactor.redact)
        plan.variables = variables.mapValues(redactor.redact)
        for index in plan.steps.indices {
            plan.steps[index].summary = redactor.redact(plan.steps[index].summary)
        }
        plan.secrets = []
        plan.secretVariables = [:]
        return plan
    }

    private func mappingText(_ transform: (String) -> String) -> CompiledPlan {
        var plan = self
        plan.workingDirectory = transform(workingDirectory)
        plan.runDirectory = transform(runDirectory)
        plan.kubeconfig = transform(kubeconfig)
        plan.planFile = transform(planFile)
        plan.steps = steps.map { step in
            var step = step
            // Locations too: a revision's plan is read from the run's own workspace, and a digest
            // that held the run id would never match the run being resumed.
            step.location.file = transform(step.location.file)
            step.commands = step.commands.map { $0.mappingText(transform) }
            step.onFailure = step.onFailure.map { $0.mappingText(transform) }
            step.runFiles = step.runFiles.map { GeneratedFile(path: transform($0.path), contents: transform($0.contents)) }
            return step
        }
        plan.providerCheck = providerCheck.map { $0.mappingText(transform) }
        return plan
    }
}

extension StepCommand {
    fileprivate func mappingText(_ transform: (String) -> String) -> StepCommand {
        switch self {
        case .exec(var exec):
            exec.argv = exec.argv.map(transform)
            exec.stdoutFile = exec.stdoutFile.map(transform)
            exec.environment = exec.environment.mapValues(transform)
            exec.stdin = exec.stdin.map(transform)
            exec.expectOutput = exec.expectOutput.map(transform)
            return .exec(exec)
        case .httpCheck(var check):
            check.url = transform(check.url)
            return .httpCheck(check)
        case .approval(let prompt):
            return .approval(prompt: transform(prompt))
        }
    }
}
