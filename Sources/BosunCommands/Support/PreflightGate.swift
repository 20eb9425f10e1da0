import BosunBasics
import Execution
import PlanModel
import Rendering

/// Stops `apply` before anything runs (and before a run folder exists) when a tool is missing.
enum PreflightGate {
    static func check(_ plan: CompiledPlan, targets: [String], console: Console) async throws {
        let requirements = Preflight.requirements(of: plan, targets: targets)
        let report = Redactor(secrets: plan.secrets).redact(await Preflight(workingDirectory: plan.workingDirectory).check(requirements))
        guard !report.passed else { return }
        console.error(PreflightRenderer.failures(report))
        console.progress("nothing was run: install the missing tools (`bosun doctor` checks them and the cluster)")
        throw BosunExit.failure.exitCode
    }
}
