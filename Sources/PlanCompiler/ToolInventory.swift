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
        of steps: [CompiledStep], levels: [Int], provider: ProviderProfile?, kubeconfig: String
    ) -> [ToolRequirement] {
        var byProgram: [String: ToolRequirement] = [:]
        // The ids already listed per program: a set, so that 50,000 steps running one tool stay linear.
        var listed: [String: Set<String>] = [:]
        func add(_ id: String, to program: String) {
            guard listed[program, default: []].insert(id).inserted else { return }
            byProgram[program]?.steps.append(id)
        }
        for step in steps where !step.isBarrier {
            for program in programs(of: step) {
                if byProgram[program] == nil {
                    byProgram[program] = ToolRequirement(program: program, versionArgv: versionArgv[program])
                }
                add(step.id, to: program)
            }
        }
        if let provider {
            // The provider's tools serve its kubeconfig too (EKS's calls `aws eks get-token` on
            // every kubectl command), so every step that reads the run kubeconfig needs them.
            let users = steps.filter { $0.kind == .connect || reads(kubeconfig, $0) }.map(\.id)
            for tool in provider.tools {
                var requirement = byProgram[tool.name] ?? ToolRequirement(program: tool.name)
                requirement.versionArgv = tool.versionArgv
                requirement.provider = provider.name
                byProgram[tool.name] = requirement
                users.forEach { add($0, to: tool.name) }
            }
        }
        let order = Dictionary(uniqueKeysWithValues: steps.enumerated().map { ($1.id, (levels[$0], $0)) })
        return byProgram.values.map { requirement in
            var sorted = requirement
            sorted.steps.sort { order[$0, default: (0, 0)] < order[$1, default: (0, 0)] }
            return sorted
        }.sorted { $0.program < $1.program }
    }

    private static func execs(of step: CompiledStep) -> [ExecCommand] {
        (step.commands + step.onFailure).compactMap { if case .exec(let exec) = $0 { exec } else { nil } }
    }

    private static func programs(of step: CompiledStep) -> [String] {
        execs(of: step).compactMap { $0.argv.first }.filter { !$0.isEmpty }
    }

    private static func reads(_ kubeconfig: String, _ step: CompiledStep) -> Bool {
        execs(of: step).contains { $0.argv.contains(kubeconfig) || $0.stdoutFile == kubeconfig }
    }
}
