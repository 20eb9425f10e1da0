import ArgumentParser
import BosunBasics
import Deployment
import Execution
import Foundation
import PlanModel
import Rendering

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check the tools a plan needs and the environment's cluster, without running the plan.",
        discussion: """
            First the preflight that `apply` runs: every tool the plan's steps and its provider need \
            is looked up on PATH and asked for its version. Then the provider's connect and health \
            commands run for real, into a temporary run folder that is removed afterwards (your own \
            kubeconfig is never written). Each check is printed with ok or failed.
            Exit status: 0 all checks passed, 1 a check failed, 2 invalid plan or usage.
            """)

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption

    func run() async throws {
        let console = Console()
        let runDirectory = try makeRunDirectory()
        defer { try? FileManager.default.removeItem(atPath: runDirectory) }
        let plan = try planOptions.reader.compile(environment: environment.environment, runDirectory: runDirectory)
        if !plan.warnings.isEmpty { console.diagnostics(plan.warnings) }

        console.line(DoctorRenderer.heading("Tools (\(plan.tools.count))", style: console.style))
        // The real programs are checked; what is shown has the secrets masked.
        let report = await Preflight(workingDirectory: plan.workingDirectory).check(plan.tools)
        console.line(PreflightRenderer.checks(Redactor(secrets: plan.secrets).redact(report), style: console.style))

        let redactor = Redactor(secrets: plan.secrets)
        if !plan.localFiles.isEmpty {
            console.line(DoctorRenderer.heading("Local files (\(plan.localFiles.count))", style: console.style))
            for file in plan.localFiles { console.line(redactor.redact(DoctorRenderer.localFile(file, style: console.style))) }
        }

        console.line(DoctorRenderer.heading("Provider connect and health", style: console.style))
        let providerToolsMissing = report.failures.contains { $0.requirement.provider != nil }
        let skipReason = providerToolsMissing ? "a tool of the provider is missing"
            : plan.missingLocalFiles.isEmpty ? nil : "a local file of the provider is missing"
        let providerOK = await checkProvider(plan, skipReason: skipReason, console: console)

        let failed = report.failures.count + plan.missingLocalFiles.count + (providerOK ? 0 : 1)
        console.line(failed == 0 ? console.style.success("all checks passed") : console.style.failure("\(failed) check\(failed == 1 ? "" : "s") failed"))
        if failed > 0 { throw ExitStatus.failure.exitCode }
    }

    /// Runs connect then health in order; after the first failure the rest are skipped, and all
    /// of them when `skipReason` says why they cannot work.
    private func checkProvider(_ plan: CompiledPlan, skipReason: String?, console: Console) async -> Bool {
        var failed = skipReason != nil
        if let skipReason { console.line("  not run: \(skipReason)") }
        let redactor = Redactor(secrets: plan.secrets)
        // Run the real commands; show them (and what they print) with secrets masked.
        for (command, shown) in zip(plan.providerCheck, plan.shown().redacted().providerCheck) {
            if failed {
                console.line(DoctorRenderer.skipped(shown, style: console.style))
                continue
            }
            let command = command.resolved(in: plan.folders) ?? command
            let (outcome, output) = await SubprocessRunner().runCollecting(command, workingDirectory: plan.workingDirectory, stepID: "doctor")
            if outcome.succeeded {
                console.line(DoctorRenderer.passed(shown, style: console.style))
            } else {
                failed = true
                console.line(DoctorRenderer.failed(
                    shown, reason: redactor.redact(outcome.message ?? "failed"), output: output.map(redactor.redact),
                    style: console.style))
            }
        }
        return !failed
    }

    /// A private folder for the run kubeconfig, like a run's, so nothing touches ~/.kube/config.
    private func makeRunDirectory() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-doctor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        return folder
    }
}
