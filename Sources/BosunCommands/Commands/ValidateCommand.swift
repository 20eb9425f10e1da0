import ArgumentParser
import BosunBasics
import Deployment
import Execution
import PlanCompiler
import Rendering

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a plan for every environment without running anything.",
        discussion: """
            Reports every error of the plan at once, each with file:line:column: unknown keys, steps \
            with zero or two actions, duplicate ids, unknown needs, environments or providers, bad \
            durations, unknown ${variables}, missing paths and dependency cycles; and warnings, such as \
            a provider's kubeconfig that does not exist (yet).
            --format json prints one object for editors and CI: {"plan", "valid", "environments": \
            [{"name", "steps"}], "diagnostics": [{"file", "line", "column", "severity", "message", \
            "hint", "notes"}]} (version 1; "hint" is absent when there is none).
            --format gitlab prints the diagnostics as a GitLab code-quality report (docs/reports.md): \
            errors critical, warnings minor, each at its file and line; `[]` for a clean plan.
            Exit status: 0 valid (warnings included), 2 invalid plan or usage.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, gitlab }

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var state: StateOptions
    @Option(help: "Output format: text, json or gitlab (a GitLab code-quality report).") var format: Format = .text

    func run() throws {
        let console = Console()
        let reader = planOptions.reader
        do {
            let (document, catalog) = try reader.loadUnreported()
            let plans = try PlanCompiler.validateAll(
                document, providers: catalog, processEnvironment: reader.processEnvironment,
                runDirectory: state.dryRunDirectory(forPlan: planOptions.plan))
            var bag = DiagnosticBag()
            bag.append(contentsOf: plans.flatMap(\.warnings))
            let warnings = bag.deduplicated().diagnostics
            if format == .gitlab { return console.output(CodeQualityReport.render(ReportedProblem.diagnostics(warnings), paths: .fromEnvironment())) }
            if format == .json {
                let environments = plans.map { ValidationReport.Environment(name: $0.environment, steps: $0.realSteps.count) }
                return try print(ValidationReport(plan: planOptions.plan, environments: environments, diagnostics: warnings), console)
            }
            if !warnings.isEmpty { console.diagnostics(warnings) }
            let summary = plans.map { "\($0.environment) (\($0.realSteps.count) steps)" }.joined(separator: ", ")
            console.line("\(planOptions.plan): valid — \(summary)")
        } catch let error as DiagnosticError {
            if format == .gitlab {
                console.output(CodeQualityReport.render(ReportedProblem.diagnostics(error.diagnostics), paths: .fromEnvironment()))
                throw ExitStatus.invalidInput.exitCode
            }
            if format == .json {
                try print(ValidationReport(plan: planOptions.plan, environments: [], diagnostics: error.diagnostics), console)
                throw ExitStatus.invalidInput.exitCode
            }
            throw reader.invalid(error)
        }
    }

    private func print(_ report: ValidationReport, _ console: Console) throws {
        console.output(String(decoding: try JSONOutput.encode(report), as: UTF8.self) + "\n")
    }
}

/// `bosun validate --format json`.
private struct ValidationReport: Encodable {
    struct Environment: Encodable {
        var name: String
        var steps: Int
    }

    struct Entry: Encodable {
        var file: String
        var line: Int
        var column: Int
        var severity: String
        var message: String
        var hint: String?
        var notes: [Entry]

        init(_ diagnostic: Diagnostic) {
            file = diagnostic.location.file
            line = diagnostic.location.line
            column = diagnostic.location.column
            severity = diagnostic.severity.rawValue
            message = diagnostic.message
            hint = diagnostic.hint
            notes = diagnostic.notes.map(Entry.init)
        }
    }

    var version = 1
    var plan: String
    var valid: Bool
    var environments: [Environment]
    var diagnostics: [Entry]

    init(plan: String, environments: [Environment], diagnostics: [Diagnostic]) {
        self.plan = plan
        valid = !diagnostics.contains { $0.severity == .error }
        self.environments = environments
        self.diagnostics = diagnostics.map(Entry.init)
    }
}
