import Execution
import PlanModel

/// `bosun plan --live`: the plan's steps run as read-only probes (``StepProbe``) through the
/// executor, so the preview has the run's DAG order, concurrency, `--target` selection and
/// Terraform's one-at-a-time per folder; then each probe's answer is read into the report.
package struct LivePreview: Sendable {
    private let probes: ProbePlan
    private let runner: ProbeRunner

    /// `plan` compiled with the preview's own run folder (it receives the kubeconfig, Terraform's
    /// plan files and the probes' answers); `runner` runs the probes' commands.
    package init(plan: CompiledPlan, runner: any CommandRunner) {
        probes = ProbePlan(plan)
        self.runner = ProbeRunner(inner: runner, probes: probes)
    }

    /// The plan the executor runs: every step's commands replaced by its probe's.
    package var plan: CompiledPlan { probes.plan }

    package var commandRunner: any CommandRunner { runner }

    /// The steps to run for `--target`/`--only` (`targets`), with the probes' own companion steps.
    package func targets(_ targets: [String], only: Bool) -> [String] {
        probes.withCompanions(targets, only: only)
    }

    /// The folder under the run folder the probes write into (created before the run).
    package static let outputFolder = ProbePlan.folder

    /// Each previewed step, once the executor has run the probes.
    package func steps(after report: RunReport) -> [StepPreview] {
        var records: [String: StepRecord] = [:]
        for record in report.records { records[record.id] = record }
        return PreviewReading(probes: probes, results: runner.results, records: records).steps()
    }
}
