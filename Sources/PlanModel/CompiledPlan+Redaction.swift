import BosunBasics
import Foundation

/// Masking secret values in a compiled plan before anything is printed or written.
extension CompiledPlan {
    /// The plan with every secret value masked, for display and for the journal. It is not meant
    /// to be run: its commands no longer hold the secrets.
    package func redacted() -> CompiledPlan {
        let redactor = Redactor(secrets: secrets)
        guard !redactor.isEmpty else { return self }
        var plan = mappingText(redactor.redact)
        plan.description = description.map(redactor.redact)
        plan.variables = variables.mapValues(redactor.redact)
        plan.steps = plan.steps.map { step in
            var step = step
            step.summary = redactor.redact(step.summary)
            // The typed intent is in `plan --format json` and the journal: a program or a path
            // there holds the same secrets as the argv.
            step.intent = step.intent.mappingText(redactor.redact)
            step.files = step.files.map(redactor.redact)
            step.pool = step.pool.map(redactor.redact)
            return step
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
            step.location.file = transform(step.location.file)
            step.commands = step.commands.map { $0.mappingText(transform) }
            step.onFailure = step.onFailure.map { $0.mappingText(transform) }
            step.preview = step.preview.map { $0.mappingText(transform) }
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
