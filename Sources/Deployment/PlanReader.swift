import BosunBasics
import Foundation
import PlanCompiler
import PlanLoading
import PlanModel
import Providers

/// Loads, checks and compiles one plan file for a command. Failures are ``DeploymentError``s
/// whose diagnostics name the user's files, never a revision's copy of them.
package struct PlanReader: Sendable {
    /// The plan file to read (for a revision: its copy in the run's workspace).
    package var plan: String
    /// `--set` values.
    package var overrides: [String: String]
    /// `--providers`: a folder of provider profiles besides the built-in ones.
    package var providers: String?
    package var processEnvironment: [String: String]
    /// Where the plan was read from when not the working tree ("v1.2 (1a2b3c4)"), for messages.
    package var revision: String?
    /// How messages name the plan file when it was read from a revision's copy: the path the user
    /// gave, not the run's workspace (or the dry run's scratch folder). The plan is loaded under
    /// this name, so every location and message names it from the start.
    var shownPlan: String?
    /// The working tree's plan folder when the plan is a revision's copy (``CompileOptions/workingTreeFolder``).
    package var workingTreeFolder: String?

    package init(plan: String, overrides: [String: String] = [:], providers: String? = nil,
                processEnvironment: [String: String] = ProcessInfo.processInfo.environment) {
        self.plan = plan
        self.overrides = overrides
        self.providers = providers
        self.processEnvironment = processEnvironment
    }

    /// The plan as written, without its provider profiles.
    func loadDocument() throws(DeploymentError) -> PlanDocument {
        do {
            return try PlanLoader.load(path: plan, displayPath: shownPlan)
        } catch {
            throw invalid(error)
        }
    }

    /// The plan (`document` when it was read already) and its provider profiles.
    package func load(document: PlanDocument? = nil) throws(DeploymentError) -> (PlanDocument, ProviderCatalog) {
        do {
            return try loadUnreported(document: document)
        } catch {
            throw invalid(error)
        }
    }

    /// ``load(document:)`` with the diagnostics as they are (`validate --format json`).
    package func loadUnreported(document: PlanDocument? = nil) throws(DiagnosticError) -> (PlanDocument, ProviderCatalog) {
        let loaded: PlanDocument
        if let document { loaded = document } else { loaded = try PlanLoader.load(path: plan, displayPath: shownPlan) }
        let folder = ProviderCatalog.locate(forPlanAt: plan, explicit: providers)
        return (loaded, try ProviderCatalog.load(directory: folder))
    }

    /// The plan for `environment`; its ``CompiledPlan/warnings`` name the user's files.
    package func compile(environment: String, runDirectory: String, document: PlanDocument? = nil) throws(DeploymentError) -> CompiledPlan {
        let (document, catalog) = try load(document: document)
        var options = CompileOptions(environment: environment, overrides: overrides, processEnvironment: processEnvironment,
                                     runDirectory: runDirectory)
        options.workingTreeFolder = workingTreeFolder
        do {
            return try PlanCompiler.compile(document, providers: catalog, options: options)
        } catch {
            throw invalid(error)
        }
    }

    /// The error that reports `error`'s diagnostics against the user's files.
    package func invalid(_ error: DiagnosticError) -> DeploymentError {
        .invalidPlan(diagnostics: error.diagnostics, planFile: shownPlan ?? plan, revision: revision)
    }
}
