import ArgumentParser
import BosunBasics
import Foundation
import PlanCompiler
import PlanLoading
import PlanModel
import Providers

/// Loads, checks and compiles a plan for a command; prints diagnostics and maps them to exit status 2.
struct PlanSession {
    var options: PlanOptions
    let console: Console
    /// Where the plan was read from when not the working tree ("v1.2 (1a2b3c4)"), for messages.
    var revision: String?

    var processEnvironment: [String: String] { ProcessInfo.processInfo.environment }

    /// The plan as written, without its provider profiles.
    func loadDocument() throws -> PlanDocument {
        do {
            return try PlanLoader.load(path: options.plan)
        } catch {
            throw report(error)
        }
    }

    func load() throws -> (PlanDocument, ProviderCatalog) {
        (try loadDocument(), try loadProviders())
    }

    /// The provider profiles: `--providers`, or the nearest `providers/` above the plan.
    func loadProviders() throws -> ProviderCatalog {
        do {
            guard let folder = ProviderCatalog.locate(forPlanAt: options.plan, explicit: options.providers) else {
                throw DiagnosticError(.error(
                    "no providers/ folder found above the plan", at: .file(options.plan),
                    hint: "run from the repository, or pass --providers <dir> (profiles: eks.yaml, aks.yaml, kubectl.yaml)"))
            }
            return try ProviderCatalog.load(directory: folder)
        } catch let error as DiagnosticError {
            throw report(error)
        }
    }

    func compile(environment: String, runDirectory: String) throws -> CompiledPlan {
        try compile(loadDocument(), environment: environment, runDirectory: runDirectory)
    }

    /// Compiles `document`, the plan as ``loadDocument()`` read it: a command that has read it
    /// already (for its environment's rules) need not parse a big plan twice.
    func compile(_ document: PlanDocument, environment: String, runDirectory: String) throws -> CompiledPlan {
        let catalog = try loadProviders()
        do {
            return try PlanCompiler.compile(document, providers: catalog, options: CompileOptions(
                environment: environment, overrides: options.overrideValues,
                processEnvironment: processEnvironment, runDirectory: runDirectory))
        } catch {
            throw report(error)
        }
    }

    /// Prints every diagnostic and returns the exit that means "invalid plan".
    func report(_ error: DiagnosticError) -> ExitCode {
        console.diagnostics(error.diagnostics)
        let count = error.diagnostics.filter { $0.severity == .error }.count
        console.error("\(count) error\(count == 1 ? "" : "s") in \(options.plan)" + (revision.map { " as of revision \($0)" } ?? ""))
        return BosunExit.invalidPlan.exitCode
    }
}
