import BosunBasics
import Foundation
import PlanGraph
import PlanLoading
import PlanModel
import Providers

/// Compiles a written plan for one environment into a ``CompiledPlan``: every step expanded to
/// its exact commands, and the DAG between them. All errors are reported together.
public enum PlanCompiler {
    package static func compile(
        _ document: PlanDocument, providers: ProviderCatalog, options: CompileOptions
    ) throws(DiagnosticError) -> CompiledPlan {
        var diagnostics = DiagnosticBag()
        guard let environment = document.environments.first(where: { $0.name.value == options.environment }) else {
            let known = document.environments.map(\.name.value)
            throw DiagnosticError(.error(
                "unknown environment '\(options.environment)'", at: document.name.location,
                hint: (Suggestion.didYouMean(options.environment, among: known).map { $0 + " " } ?? "")
                    + "environments of this plan: \(known.joined(separator: ", "))"))
        }
        let provider = ProviderCheck.profile(for: environment, in: providers, &diagnostics)

        VariableScope.checkInputs(document, overrides: options.overrides, processEnvironment: options.processEnvironment, into: &diagnostics)
        var scope = VariableScope(document: document, environment: environment,
                                  processEnvironment: options.processEnvironment, overrides: options.overrides)
        let variables = scope.allValues(into: &diagnostics)
        // Files are read where the document was read (a revision's copy); messages name the
        // user's path (the document's file).
        let planFolder = URL(fileURLWithPath: document.path).standardizedFileURL.deletingLastPathComponent().path
        let context = StepExpander.ExpansionContext(
            planFolder: planFolder, defaultNamespace: document.namespace, environment: environment,
            provider: provider, workingTreeFolder: options.workingTreeFolder,
            displayFolder: (document.file as NSString).deletingLastPathComponent)
        var expander = StepExpander(scope: scope, context: context)
        let notify = NotifyTargets.resolve(document, environment: environment, scope: &scope, into: &diagnostics)

        var assembler = GraphAssembler(document: document)
        assembler.build(expander: &expander)
        let providerCheck = provider.map { expander.providerCommands($0) } ?? []
        diagnostics.append(contentsOf: assembler.diagnostics.diagnostics)
        diagnostics.append(contentsOf: expander.diagnostics.diagnostics)
        expander.releaseImages.check(into: &diagnostics)
        if diagnostics.diagnostics.isEmpty {
            ClusterAccess.check(assembler.steps, graph: assembler.graph, environment: environment.name.value, into: &diagnostics)
        }
        // Values met while expanding steps too (`${env:…}` inside a step), and `--set` values of
        // secret variables (the scope resolved them as secrets).
        let secrets = expander.scope.secrets.union(scope.secrets)
        // Diagnostics quote resolved values (a path that does not exist, a URL, a duration): they
        // are masked here, once, for validate, plan, apply and every other command that prints them.
        try Redactor(secrets: secrets).redact(diagnostics.deduplicated()).check()

        var steps = assembler.steps
        var graph = assembler.graph
        let clusterState = ClusterStateSettings(document: document, environment: environment,
                                                hasCluster: steps.contains { $0.kind == .connect })
        try clusterState.diagnostics.check()
        if clusterState.clusterLock {
            ClusterLockStep.insert(into: &steps, graph: &graph, planName: document.name.value, environment: environment.name.value,
                                   records: clusterState.recordsKept != nil, location: environment.name.location)
        }
        let order = TopologicalOrder.order(of: graph)!
        let levels = TopologicalOrder.levels(of: graph, order: order) { [steps] in !steps[$0].isBarrier }
        let critical = TopologicalOrder.criticalPath(of: graph, order: order) { [steps] in steps[$0].isBarrier ? 0 : 1 }
        var plan = CompiledPlan(
            planName: document.name.value, description: document.description, environment: environment.name.value,
            planFile: document.file, workingDirectory: planFolder, kubeconfig: context.kubeconfig,
            runDirectory: options.runDirectory, variables: variables, steps: steps, graph: graph,
            levels: levels, criticalPath: critical.path.filter { !steps[$0].isBarrier },
            tools: ToolInventory.requirements(of: steps, levels: levels, provider: provider),
            providerCheck: providerCheck)
        plan.secrets = Array(secrets)
        plan.clusterLock = clusterState.clusterLock
        plan.lockLeaseSeconds = clusterState.leaseSeconds
        plan.recordsKept = clusterState.recordsKept
        plan.journalUpload = document.state?.s3.value
        plan.notify = notify
        plan.secretVariables = scope.secretValues
        plan.localFiles = expander.localFiles.values.sorted { $0.parameter < $1.parameter }
        let redactor = Redactor(secrets: secrets)
        plan.warnings = plan.missingLocalFiles.map { redactor.redact($0.missing(.warning)) }
        return plan
    }

    /// Compiles the plan for every environment, for `bosun validate`; errors are merged and de-duplicated.
    public static func validateAll(
        _ document: PlanDocument, providers: ProviderCatalog, processEnvironment: [String: String], runDirectory: String
    ) throws(DiagnosticError) -> [CompiledPlan] {
        var plans: [CompiledPlan] = []
        var problems = DiagnosticBag()
        for environment in document.environments {
            let options = CompileOptions(environment: environment.name.value, processEnvironment: processEnvironment, runDirectory: runDirectory)
            do { plans.append(try compile(document, providers: providers, options: options)) }
            catch { problems.append(contentsOf: error.diagnostics) }
        }
        try problems.deduplicated().check()
        return plans
    }
}
