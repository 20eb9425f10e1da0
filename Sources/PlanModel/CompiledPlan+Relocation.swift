import Foundation

/// Moving a compiled plan between folders, for runs from a git revision: the plan is compiled
/// where its files were materialized, then shown (dry runs) or compared (digests, `bosun diff`)
/// as if it lived at a stable placeholder path.
extension CompiledPlan {
    /// The plan with every path under `oldFolder` moved under `newFolder`: the working folder, the
    /// run folder, the kubeconfig, and every argv word, output file and environment value (of the
    /// steps and of the provider check).
    public func relocated(from oldFolder: String, to newFolder: String) -> CompiledPlan {
        func move(_ text: String) -> String {
            guard text.contains(oldFolder) else { return text }
            return text.replacingOccurrences(of: oldFolder, with: newFolder)
        }
        var plan = self
        plan.workingDirectory = move(workingDirectory)
        plan.runDirectory = move(runDirectory)
        plan.kubeconfig = move(kubeconfig)
        plan.planFile = move(planFile)
        plan.steps = steps.map { step in
            var step = step
            step.commands = step.commands.map { $0.relocated(move) }
            step.onFailure = step.onFailure.map { $0.relocated(move) }
            return step
        }
        plan.providerCheck = providerCheck.map { $0.relocated(move) }
        return plan
    }
}

extension StepCommand {
    fileprivate func relocated(_ move: (String) -> String) -> StepCommand {
        guard case .exec(var exec) = self else { return self }
        exec.argv = exec.argv.map(move)
        exec.stdoutFile = exec.stdoutFile.map(move)
        exec.environment = exec.environment.mapValues(move)
        return .exec(exec)
    }
}
