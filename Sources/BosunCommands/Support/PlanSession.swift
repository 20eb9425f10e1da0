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
    /// How messages name the plan file when it was read from a revision's copy: the path the user
    /// gave, not the run's workspace (or the dry run's scratch folder).
    var shownPlan: String?
    /// The working tree's plan folder when the plan is a revision's copy (``CompileOptions/workingTreeFolder``).
    var workingTreeFolder: String?
    /// Whether compiling prints the plan's warnings (`diff` compiles several times and shows none).
    var showsWarnings = true

    var processEnvironment: [String: String] { ProcessInfo.processInfo.environment }

    /// The plan as written, without its provider profiles.
    func loadDocument() throws -> PlanDocument {
        do {
            return try PlanLoader.load(path: options.plan)
        } catch {
            throw report(error)
        }
    }

    /// The plan (`document` when it was read already) and its provider profiles.
    func load(document: PlanDocument? = nil) throws -> (PlanDocument, ProviderCatalog) {
        do {
            return try loadUnreported(document: document)
        } catch {
            throw report(error)
        }
    }

    /// ``load(document:)`` for callers that show the diagnostics themselves (`validate --format json`).
    func loadUnreported(document: PlanDocument? = nil) throws(DiagnosticError) -> (PlanDocument, ProviderCatalog) {
        let loaded: PlanDocument
        if let document { loaded = document } else { loaded = try PlanLoader.load(path: options.plan) }
        let folder = ProviderCatalog.locate(forPlanAt: options.plan, explicit: options.providers)
        return (loaded, try ProviderCatalog.load(directory: folder))
    }

    func compile(environment: String, runDirectory: String, document: PlanDocument? = nil) throws -> CompiledPlan {
        let (document, catalog) = try load(document: document)
        var compileOptions = CompileOptions(
            environment: environment, overrides: options.overrideValues,
            processEnvironment: processEnvironment, runDirectory: runDirectory)
        compileOptions.workingTreeFolder = workingTreeFolder
        do {
            let plan = try PlanCompiler.compile(document, providers: catalog, options: compileOptions)
            if showsWarnings { warn(plan.warnings) }
            return plan
        } catch {
            throw report(error)
        }
    }

    /// Prints warnings (naming the user's files, not a revision's copy).
    func warn(_ warnings: [Diagnostic]) {
        if !warnings.isEmpty { console.diagnostics(warnings.map(shown)) }
    }

    /// Prints every diagnostic and returns the exit that means "invalid plan".
    func report(_ error: DiagnosticError) -> ExitCode {
        let diagnostics = error.diagnostics.map(shown)
        console.diagnostics(diagnostics)
        let count = diagnostics.filter { $0.severity == .error }.count
        console.error("\(count) error\(count == 1 ? "" : "s") in \(shownPlan ?? options.plan)" + (revision.map { " as of revision \($0)" } ?? ""))
        return BosunExit.invalidPlan.exitCode
    }

    /// A diagnostic (and its notes) naming ``shownPlan`` and its folder instead of the revision copy's.
    private func shown(_ diagnostic: Diagnostic) -> Diagnostic {
        guard let shownPlan else { return diagnostic }
        let copyFolder = (options.plan as NSString).deletingLastPathComponent
        let userFolder = (shownPlan as NSString).deletingLastPathComponent
        let rename = { (text: String) in text.replacingOccurrences(of: copyFolder, with: userFolder.isEmpty ? "." : userFolder) }
        var diagnostic = diagnostic
        if diagnostic.location.file == options.plan { diagnostic.location.file = shownPlan }
        diagnostic.message = rename(diagnostic.message)
        diagnostic.hint = diagnostic.hint.map(rename)
        diagnostic.notes = diagnostic.notes.map(shown)
        return diagnostic
    }
}
