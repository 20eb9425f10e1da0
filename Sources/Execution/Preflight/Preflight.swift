import BosunBasics
import Foundation
import PlanGraph
import PlanModel
import Synchronization

/// Checks, before any step starts, that every tool the steps will run is installed and starts:
/// each is looked up on PATH and its version command is run. All tools are checked (in
/// parallel) and all failures reported together, like a compiler's errors.
package struct Preflight: Sendable {
    package var workingDirectory: String
    package var searchPath: String
    /// Seconds one version command may take (`az version` starts a Python interpreter).
    var versionTimeout: Double
    /// Starts the version commands, as steps' commands are started.
    package var runner: any CommandRunner

    package init(
        workingDirectory: String, searchPath: String = ProcessEnvironment.value("PATH") ?? "",
        versionTimeout: Double = 60, runner: any CommandRunner = SubprocessRunner()
    ) {
        self.workingDirectory = workingDirectory
        self.runner = runner
        self.searchPath = searchPath
        self.versionTimeout = versionTimeout
    }

    /// The tools needed by the steps a run with these `targets` runs (all steps when empty),
    /// each listing only those steps. A provider's tools that no step uses (a plan of `run:`
    /// steps only) are left out: starting `kubectl version` for nothing costs a run ~0.1 s.
    package static func requirements(of plan: CompiledPlan, targets: [String]) -> [ToolRequirement] {
        guard !targets.isEmpty else { return plan.tools.filter { !$0.steps.isEmpty } }
        let roots = targets.compactMap { plan.index(of: $0) }
        let selected = Set(TopologicalOrder.closure(of: roots, in: plan.graph).map { plan.steps[$0].id })
        return plan.tools.compactMap { tool in
            var needed = tool
            needed.steps = tool.steps.filter(selected.contains)
            return needed.steps.isEmpty ? nil : needed
        }
    }

    package func check(_ requirements: [ToolRequirement]) async -> PreflightReport {
        let checks = await withTaskGroup(of: (Int, ToolCheck).self) { group in
            for (index, requirement) in requirements.enumerated() {
                group.addTask { (index, await check(requirement)) }
            }
            var results: [(Int, ToolCheck)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        return PreflightReport(checks: checks)
    }

    func check(_ requirement: ToolRequirement) async -> ToolCheck {
        // The lookup the runner itself makes, so "found" here means "will start" there.
        guard let path = ProgramLookup.find(requirement.program, workingDirectory: workingDirectory, searchPath: searchPath) else {
            return ToolCheck(requirement: requirement, status: .missing)
        }
        guard let argv = requirement.versionArgv, !argv.isEmpty else {
            return ToolCheck(requirement: requirement, status: .ok, path: path)
        }
        let (outcome, lines) = await runVersion(argv)
        // The line with a version number: terraform, for one, prints warnings before it.
        let firstLine = lines.first { $0.contains(/\d+\.\d+/) } ?? lines.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        guard outcome.succeeded else {
            let reason = outcome.message ?? "failed"
            let detail = lines.last.map { ": \($0)" } ?? ""
            return ToolCheck(requirement: requirement, status: .broken("`\(argv.joined(separator: " "))` \(reason)\(detail)"),
                             path: path, version: firstLine)
        }
        return ToolCheck(requirement: requirement, status: .ok, path: path, version: firstLine)
    }

    /// Runs a version command through the runner, as steps' commands are, stopped after `versionTimeout`.
    private func runVersion(_ argv: [String]) async -> (CommandOutcome, [String]) {
        let lines = Mutex<[String]>([])
        let context = CommandContext(stepID: "preflight", workingDirectory: workingDirectory, gracePeriod: 1) { line in
            if line.stream != .info { lines.withLock { $0.append(line.text) } }
        }
        let (runner, timeout) = (runner, versionTimeout)
        let outcome = await withTaskGroup(of: CommandOutcome?.self) { group in
            group.addTask { try? await runner.run(.exec(ExecCommand(argv)), in: context) }
            group.addTask {
                try? await Task.sleep(for: .seconds(timeout))
                return Task.isCancelled ? nil : .failure("did not finish within \(Int(timeout)) s")
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure("was stopped")
        }
        return (outcome, lines.withLock { $0 })
    }
}
