import PlanModel
import Providers

/// Which programs a compiled plan runs and which steps run them, so that a missing tool is found
/// before the first step starts rather than halfway through a deployment.
enum ToolInventory {
    /// Version commands for the programs Bosun's own step kinds (and common `run:` tools) start;
    /// any other program is only looked up on PATH.
    static let versionArgv: [String: [String]] = [
        "terraform": ["terraform", "version"],
        "kubectl": ["kubectl", "version", "--client"],
        "istioctl": ["istioctl", "version", "--remote=false"],
        "helm": ["helm", "version", "--short"],
    ]

    /// `levels` orders each tool's steps as they will run (a terraform init before its applies).
    static func requirements(
        of steps: [CompiledStep], levels: [Int], provider: ProviderProfile?
    ) -> [ToolRequirement] {
        var byProgram: [String: ToolRequirement] = [:]
        // The nodes needing each program: a set, so that 50,000 steps running one tool stay linear.
        var nodes: [String: Set<Int>] = [:]
        for (node, step) in steps.enumerated() where !step.isBarrier {
            for program in step.intent.programs where !program.isEmpty {
                if byProgram[program] == nil {
                    byProgram[program] = ToolRequirement(program: program, versionArgv: versionArgv[program])
                }
                nodes[program, default: []].insert(node)
            }
        }
        if let provider {
            // The provider's tools serve its kubeconfig too (EKS's calls `aws eks get-token` on
            // every kubectl command), so every step that reads the run kubeconfig needs them.
            let users = steps.indices.filter { steps[$0].kind == .connect || steps[$0].intent.usesCluster }
            for tool in provider.tools {
                var requirement = byProgram[tool.name] ?? ToolRequirement(program: tool.name)
                requirement.versionArgv = tool.versionArgv
                requirement.provider = provider.name
                byProgram[tool.name] = requirement
                nodes[tool.name, default: []].formUnion(users)
            }
        }
        // Sorted as node numbers, not ids: comparing by (level, node) needs no lookup per comparison.
        return byProgram.values.map { requirement in
            var sorted = requirement
            sorted.steps = nodes[requirement.program, default: []]
                .sorted { (levels[$0], $0) < (levels[$1], $1) }
                .map { steps[$0].id }
            return sorted
        }.sorted { $0.program < $1.program }
    }
}
