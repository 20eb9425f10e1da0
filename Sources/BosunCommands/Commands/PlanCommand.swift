import ArgumentParser
import BosunBasics
import ChangePreview
import Deployment
import Execution
import Foundation
import Rendering

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show exactly what a run would do (dry run), or with --live what it would change.",
        discussion: """
            Without --live, runs nothing: the commands shown are the exact argv arrays `bosun apply` \
            runs, with the run folder written as <run>. Use --format json in CI for a machine-readable document.
            With --live, connects read-only and previews each step in DAG order: Terraform's plan of each \
            target, `kubectl diff --server-side` of each manifest, each release's image now and after, \
            each namespace's labels. Nothing is changed and no lock is taken. --format json follows \
            docs/preview.md; --format markdown fits a pull-request comment.
            Exit status: 0, 1 when a step could not be previewed, 2 when the plan is invalid, 130 when \
            interrupted; with --detailed-exitcode, 0 means no changes and 5 changes present.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var environment: EnvironmentOption
    @OptionGroup var state: StateOptions
    @OptionGroup var source: SourceOptions
    @Flag(help: "Connect read-only and preview what `apply` would change (Terraform, Kubernetes objects, releases).")
    var live = false
    @OptionGroup var selection: StepSelection
    @Option(help: "With --live: most probes running at once (default: cores, at least 4).")
    var concurrency: Int = ExecutionOptions.defaultConcurrency
    @Flag(help: "With --live: exit 0 when nothing would change and 5 when something would (1 and 2 keep their meaning).")
    var detailedExitcode = false
    @Option(help: "Output format: text, json, or (with --live) markdown.") var format: Format = .text

    func validate() throws {
        guard !live else {
            guard (1...RunSettings.maxConcurrency).contains(concurrency) else {
                throw ValidationError("--concurrency must be between 1 and \(RunSettings.maxConcurrency), got \(concurrency)")
            }
            return
        }
        if detailedExitcode { throw ValidationError("--detailed-exitcode goes with --live") }
        if format == .markdown { throw ValidationError("--format markdown goes with --live") }
        if !selection.targets.isEmpty || !selection.only.isEmpty { throw ValidationError("--target and --only go with --live (or with apply)") }
    }

    func run() async throws {
        let console = Console()
        let planSource = PlanSource(reader: planOptions.reader, environment: environment.environment, request: source.request)
        guard live else {
            let preview = try Deployment.preview(PreviewRequest(source: planSource, stateDirectory: state.directory(forPlan: planOptions.plan)))
            if let warning = preview.warning { console.progress(console.errorStyle.warning("warning: ") + warning) }
            if !preview.plan.warnings.isEmpty { console.diagnostics(preview.plan.warnings) }
            switch format {
            case .text: console.output(PlanTextRenderer.render(preview.plan.shown().redacted(), source: preview.source, style: console.style))
            case .json, .markdown: console.output(PlanJSONRenderer.render(preview.plan.shown().redacted(), source: preview.source))
            }
            return
        }
        var request = LivePreviewRequest(source: planSource)
        request.concurrency = concurrency
        request.selection = selection.chosen
        let control = RunControl()
        let signals = InterruptSignals { number, _ in
            console.progress(console.errorStyle.warning("\(InterruptSignals.name(number)): stopping the preview…"))
            control.interrupt()
        }
        defer { signals.stop() }
        // The report comes at the end; on a terminal, say what the wait is for.
        if isatty(STDERR_FILENO) == 1 {
            console.progress(console.errorStyle.dim("previewing \(environment.environment) read-only (Terraform plans, kubectl diff)…"))
        }
        let result = try await Deployment.livePreview(request, control: control)
        if let warning = result.warning { console.progress(console.errorStyle.warning("warning: ") + warning) }
        if !result.warnings.isEmpty { console.diagnostics(result.warnings) }
        let report = result.report
        switch format {
        case .text: console.output(ChangeTextRenderer.render(report, style: console.style))
        case .json: console.output(ChangeJSONRenderer.render(report))
        case .markdown: console.output(ChangeMarkdownRenderer.render(report, command: shownCommand))
        }
        let status = Self.exitStatus(report, interrupted: result.interrupted, detailed: detailedExitcode)
        if status != .success { throw ExitCode(status.rawValue) }
    }

    /// The command the markdown's truncation note tells a reader to run: which plan, where and
    /// from which revision, never a `--set` value (it may be a secret).
    private var shownCommand: String {
        var words = ["bosun", "plan", planOptions.plan, "--env", environment.environment, "--live"]
        if let rev = source.rev { words += ["--rev", rev] }
        return words.map(ShellQuoting.quote).joined(separator: " ")
    }

    static func exitStatus(_ report: ChangeReport, interrupted: Bool, detailed: Bool) -> ExitStatus {
        if interrupted { return .interrupted }
        if !report.isComplete { return .failure }
        return detailed && report.hasChanges ? .changesPresent : .success
    }
}
