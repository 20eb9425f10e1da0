import BosunBasics
import Foundation
import Yams

/// Loads a plan file (format v1) into a ``PlanDocument``, reporting every structural error
/// of the file together, each with its `file:line:column`.
public enum PlanLoader {
    static let planKeys = ["plan", "description", "namespace", "vars", "environments", "phases", "records", "state", "notify"]
    package static let environmentKeys = ["provider", "terraform", "vars", "protected", "branch", "cluster_lock", "lock_lease", "records", "notify"]
    static let phaseKeys = ["name", "parallel", "needs", "steps"]
    static let commonStepKeys = ["id", "needs", "timeout", "retries", "idempotent", "environments", "namespace", "labels", "wait", "render", "images", "preview"]

    /// Reads and parses the file at `path`; `displayPath` is how locations name it.
    package static func load(path: String, displayPath: String? = nil) throws(DiagnosticError) -> PlanDocument {
        let shownPath = displayPath ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticError(.error("cannot read plan file", at: .file(shownPath),
                                         hint: "check the path; plans usually live in plans/"))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw DiagnosticError(.error("plan file is not UTF-8 text", at: .file(shownPath)))
        }
        var document = try parse(text, file: shownPath)
        document.path = path
        return document
    }

    /// Parses plan text; `file` names it in diagnostics.
    public static func parse(_ text: String, file: String) throws(DiagnosticError) -> PlanDocument {
        let root = try YAMLDocument.compose(text, file: file)
        var fields = YAMLFields(file: file)
        let document = readPlan(root, &fields)
        try fields.diagnostics.check()
        return document!
    }

    private static func readPlan(_ root: Node, _ fields: inout YAMLFields) -> PlanDocument? {
        guard let top = fields.keyed(root, field: "the plan", allowed: planKeys) else { return nil }
        let name = top.require("plan", in: "the plan", into: &fields).flatMap { fields.string($0, field: "plan") }
        let description = top["description"].flatMap { fields.string($0, field: "description")?.value }
        let namespace = top["namespace"].flatMap { fields.string($0, field: "namespace") }
        let vars = top["vars"].map { fields.definitions($0, field: "vars") } ?? []
        let environments = top.require("environments", in: "the plan", into: &fields)
            .map { readEnvironments($0, &fields) } ?? []
        let phases = top.require("phases", in: "the plan", into: &fields).map { readPhases($0, &fields) } ?? []
        var document = PlanDocument(
            file: fields.file, path: fields.file, name: name ?? Located("", at: top.location), description: description,
            namespace: namespace, vars: vars, environments: environments, phases: phases)
        document.records = top["records"].flatMap { fields.records($0) }
        document.state = top["state"].flatMap { fields.journalState($0) }
        document.notify = top["notify"].map { fields.notifyURLs($0, field: "notify") } ?? []
        return document
    }

    private static func readEnvironments(_ node: Node, _ fields: inout YAMLFields) -> [EnvironmentSpec] {
        guard let pairs = fields.mapping(node, field: "environments") else { return [] }
        if pairs.isEmpty { fields.diagnostics.error("the plan has no environments", at: fields.location(of: node)) }
        return pairs.compactMap { key, value in
            guard let name = fields.string(key, field: "environment name") else { return nil }
            return readEnvironment(name, value, &fields)
        }
    }

    private static func readEnvironment(_ name: Located<String>, _ node: Node, _ fields: inout YAMLFields) -> EnvironmentSpec? {
        guard let pairs = fields.mapping(node, field: "environment '\(name.value)'") else { return nil }
        var spec = EnvironmentSpec(name: name, provider: nil, parameters: [], terraform: nil, vars: [],
                                   protected: false, location: fields.location(of: node))
        for (key, value) in pairs {
            guard let keyName = key.string else { continue }
            switch keyName {
            case "provider": spec.provider = fields.string(value, field: "provider")
            case "protected": spec.protected = fields.bool(value, field: "protected") ?? false
            case "branch": spec.branch = fields.string(value, field: "branch")
            case "cluster_lock": spec.clusterLock = fields.bool(value, field: "cluster_lock").map { Located($0, at: fields.location(of: value)) }
            case "lock_lease": spec.lockLease = fields.duration(value, ClusterStateBounds.lease)
            case "records": spec.records = fields.records(value)
            case "notify": spec.notify = fields.notifyURLs(value, field: "environments.\(name.value).notify")
            case "vars": spec.vars = fields.definitions(value, field: "vars")
            case "terraform": spec.terraform = readTerraform(value, &fields)
            default:
                // Everything else is a provider parameter, validated against the profile later.
                // A list or a mapping is no parameter (they are single values): most likely a misspelt key.
                if value.scalar == nil, let hint = Suggestion.didYouMean(keyName, among: environmentKeys) {
                    fields.diagnostics.error("unknown key '\(VisibleText.escape(keyName))' in environment '\(name.value)'",
                                             at: fields.location(of: key), hint: hint)
                    continue
                }
                if let text = fields.string(value, field: keyName) {
                    spec.parameters.append(Located(VariableDefinition(name: keyName, value: text.value),
                                                   at: fields.location(of: key)))
                }
            }
        }
        if spec.provider == nil {
            fields.diagnostics.error("environment '\(name.value)' has no 'provider'", at: name.location,
                                     hint: "add 'provider: eks', 'provider: aks' or 'provider: kubectl' (a profile in providers/)")
        }
        return spec
    }

    private static func readTerraform(_ node: Node, _ fields: inout YAMLFields) -> TerraformSpec? {
        guard let keyed = fields.keyed(node, field: "terraform", allowed: ["dir", "var_file"]) else { return nil }
        guard let dir = keyed.require("dir", in: "terraform", into: &fields).flatMap({ fields.string($0, field: "terraform.dir") })
        else { return nil }
        return TerraformSpec(dir: dir, varFile: keyed["var_file"].flatMap { fields.string($0, field: "terraform.var_file") })
    }

    private static func readPhases(_ node: Node, _ fields: inout YAMLFields) -> [PhaseSpec] {
        guard case .sequence(let sequence) = node else {
            fields.diagnostics.error("'phases' must be a list of phases", at: fields.location(of: node))
            return []
        }
        if sequence.isEmpty { fields.diagnostics.error("the plan has no phases", at: fields.location(of: node)) }
        return sequence.compactMap { readPhase($0, &fields) }
    }

    private static func readPhase(_ node: Node, _ fields: inout YAMLFields) -> PhaseSpec? {
        guard let keyed = fields.keyed(node, field: "phase", allowed: phaseKeys) else { return nil }
        guard let name = keyed.require("name", in: "phase", into: &fields).flatMap({ fields.string($0, field: "name") })
        else { return nil }
        let steps: [StepSpec]
        if let stepsNode = keyed.require("steps", in: "phase '\(name.value)'", into: &fields) {
            if case .sequence(let sequence) = stepsNode {
                steps = sequence.compactMap { StepReader.read($0, &fields) }
                if sequence.isEmpty { fields.diagnostics.error("phase '\(name.value)' has no steps", at: name.location) }
            } else {
                fields.diagnostics.error("'steps' must be a list of steps", at: fields.location(of: stepsNode))
                steps = []
            }
        } else {
            steps = []
        }
        return PhaseSpec(
            name: name,
            parallel: keyed["parallel"].flatMap { fields.bool($0, field: "parallel") } ?? false,
            needs: keyed["needs"].flatMap { fields.strings($0, field: "needs", allowSingle: true) },
            steps: steps, location: fields.location(of: node))
    }
}
