import BosunBasics
import Foundation

/// Rewriting the text of a compiled plan. Relocation moves it between folders (a plan compiled
/// where a git revision was materialized is shown, compared and digested as if it lived at a
/// stable placeholder path); redaction masks secret values before anything is printed or written.
extension CompiledPlan {
    /// The plan with every path under `oldFolder` moved under `newFolder`: the working folder, the
    /// run folder, the kubeconfig, the steps' locations, and every argv word, output file and
    /// environment value (of the steps and of the provider check).
    /// Paths under `kept`, a folder inside `oldFolder` (the run folder, in `.bosun/` at the root
    /// of a repository whose root is also the plan's folder), stay where they are.
    public func relocated(from oldFolder: String, to newFolder: String, keeping kept: String? = nil) -> CompiledPlan {
        guard let kept, kept.hasPrefix(oldFolder) else {
            return mappingText { text in
                text.contains(oldFolder) ? text.replacingOccurrences(of: oldFolder, with: newFolder) : text
            }
        }
        let aside = "\u{0}kept\u{0}"
        return mappingText { text in
            guard text.contains(oldFolder) else { return text }
            return text.replacingOccurrences(of: kept, with: aside)
                .replacingOccurrences(of: oldFolder, with: newFolder)
                .replacingOccurrences(of: aside, with: kept)
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
            // The typed intent is in `plan --format json` and the journal: a program or a path
            // there holds the same secrets as the argv.
            plan.steps[index].intent = plan.steps[index].intent.mappingText(redactor.redact)
            plan.steps[index].files = plan.steps[index].files.map(redactor.redact)
            plan.steps[index].pool = plan.steps[index].pool.map(redactor.redact)
        }
        // `run: [./tools-${token}/deploy]` names a program with a secret in its path.
        plan.tools = tools.map { tool in
            var tool = tool
            tool.program = redactor.redact(tool.program)
            tool.versionArgv = tool.versionArgv?.map(redactor.redact)
            return tool
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
            exec.stdinLabel = exec.stdinLabel.map(transform)
            return .exec(exec)
        case .httpCheck(var check):
            check.url = transform(check.url)
            return .httpCheck(check)
        case .approval(let prompt):
            return .approval(prompt: transform(prompt))
        case .clusterLease:
            return self
        }
    }
}

extension StepIntent {
    /// The intent with `transform` applied to every text it holds (for redaction).
    fileprivate func mappingText(_ transform: (String) -> String) -> StepIntent {
        switch self {
        case .terraformInit(let dir): return .terraformInit(dir: transform(dir))
        case .terraform(let dir, let address): return .terraform(dir: transform(dir), address: transform(address))
        case .connect(let provider, let programs): return .connect(provider: provider, programs: programs.map(transform))
        case .namespace(let name): return .namespace(name: transform(name))
        case .apply(let paths, let render, let deployments):
            return .apply(paths: paths.map(transform), render: render, deployments: deployments.map { $0.mappingText(transform) })
        case .kustomize(let dir, let images, let deployments):
            return .kustomize(dir: transform(dir), images: images.mapValues(transform),
                              deployments: deployments.map { $0.mappingText(transform) })
        case .rollout(var rollout):
            rollout.deployment = rollout.deployment.mappingText(transform)
            rollout.container = transform(rollout.container)
            rollout.image = transform(rollout.image)
            rollout.health = rollout.health.map(transform)
            return .rollout(rollout)
        case .check(let url): return .check(url: transform(url))
        case .run(let program, let usesCluster): return .run(program: transform(program), usesCluster: usesCluster)
        case .approve(let prompt): return .approve(prompt: transform(prompt))
        case .serviceRollback(let deployment, let revision):
            return .serviceRollback(deployment: deployment.mappingText(transform), toRevision: revision)
        case .barrier: return .barrier
        case .clusterLock(let lease): return .clusterLock(lease: lease)
        }
    }
}

extension DeploymentRef {
    fileprivate func mappingText(_ transform: (String) -> String) -> DeploymentRef {
        DeploymentRef(name: transform(name), namespace: namespace.map(transform))
    }
}
