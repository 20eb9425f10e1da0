import BosunBasics
import Foundation
import PlanLoading
import PlanModel
import Providers

/// Expands one written step into the exact commands it will run, resolving variables, durations
/// and paths, and recording a located diagnostic for anything wrong.
struct StepExpander {
    var scope: VariableScope
    var diagnostics = DiagnosticBag()
    let context: ExpansionContext
    /// The images each step deploys, for the check that applies and rollouts agree.
    var releaseImages = ReleaseImages()

    /// Everything about the environment and run that expansion needs.
    struct ExpansionContext {
        let planFolder: String
        let defaultNamespace: Located<String>?
        let environment: EnvironmentSpec
        let provider: ProviderProfile?
        let runDirectory: String
        /// The plan's folder as the user named it (the plan file's folder), for diagnostics.
        let displayFolder: String
        var kubectl: KubectlCommand { KubectlCommand(kubeconfig: kubeconfig) }
        var kubeconfig: String { runDirectory + "/kubeconfig" }

        /// A file of the plan's folder as diagnostics name it.
        func displayPath(_ relative: String) -> String {
            displayFolder.isEmpty ? relative : (displayFolder as NSString).appendingPathComponent(relative)
        }
    }

    var environmentName: String { context.environment.name.value }

    /// The step's commands and rollback commands, its summary and its resolved settings.
    mutating func expand(_ step: StepSpec, id: String, phase: String) -> CompiledStep {
        var compiled = CompiledStep(id: id, kind: kind(of: step.action), phase: phase, location: step.location, summary: "")
        compiled.timeout = step.timeout.flatMap { seconds($0, field: "timeout") }
        compiled.retries = step.retries?.value ?? 0
        // Kubernetes applies, Terraform plans, checks and approvals converge when repeated; an
        // arbitrary command might not, unless the plan says so.
        compiled.idempotent = step.idempotent?.value ?? (compiled.kind != .run)
        switch step.action {
        case .terraform(let target): expandTerraform(target, into: &compiled)
        case .connect: expandConnect(into: &compiled, at: step.location)
        case .namespace(let spec): expandNamespace(spec, into: &compiled)
        case .apply(let spec): expandApply(spec, namespace: namespace(for: step), into: &compiled)
        case .kustomize(let spec): expandKustomize(spec, namespace: namespace(for: step), into: &compiled)
        case .rollout(let spec): expandRollout(spec, namespace: namespace(for: step), into: &compiled)
        case .check(let spec): expandCheck(spec, into: &compiled)
        case .run(let argv): expandRun(argv, namespace: namespace(for: step), into: &compiled)
        case .approve(let prompt):
            let text = text(prompt)
            compiled.summary = "approval: \(text)"
            compiled.commands = [.approval(prompt: text)]
            compiled.intent = .approve(prompt: text)
        }
        return compiled
    }

    private func kind(of action: StepAction) -> StepKind {
        StepKind(rawValue: action.keyword) ?? .run
    }

    mutating func text(_ value: Located<String>) -> String { scope.interpolate(value, &diagnostics) }

    mutating func namespace(for step: StepSpec) -> String? {
        guard let namespace = step.namespace ?? context.defaultNamespace else { return nil }
        return text(namespace)
    }

    mutating func seconds(_ value: Located<String>, field: String) -> Double? {
        let resolved = text(value)
        guard let seconds = DurationSyntax.seconds(from: resolved) else {
            diagnostics.error("'\(field)' is not a duration: '\(resolved)'", at: value.location,
                              hint: "write a number with a unit: 300s, 5m, 1h30m, 250ms")
            return nil
        }
        return seconds
    }

    /// A path relative to the plan's folder that must exist there.
    /// A path the step reads, relative to the plan's folder. It must exist and stay inside the
    /// folder (no absolute path, no `..` or symlink leading out), so that the plan's folder alone
    /// is everything a run needs: that is what a run from a git revision materializes.
    mutating func existingPath(_ value: Located<String>, what: String, into step: inout CompiledStep) -> String {
        let relative = text(value)
        let folder = URL(fileURLWithPath: context.planFolder).standardizedFileURL.resolvingSymlinksInPath().path
        let target = URL(fileURLWithPath: relative, relativeTo: URL(fileURLWithPath: folder + "/"))
        let hint = "paths are relative to the plan's folder (\(context.planFolder)) and stay inside it"
        if (relative as NSString).isAbsolutePath || !Self.isInside(target.standardizedFileURL.path, folder) {
            diagnostics.error("\(what) '\(relative)' is outside the plan's folder", at: value.location, hint: hint)
        } else if !FileManager.default.fileExists(atPath: target.path) {
            diagnostics.error("\(what) '\(relative)' does not exist", at: value.location, hint: hint)
        } else if !Self.isInside(target.standardizedFileURL.resolvingSymlinksInPath().path, folder) {
            diagnostics.error("\(what) '\(relative)' is a symlink leading outside the plan's folder", at: value.location, hint: hint)
        } else if !step.files.contains(relative) {
            step.files.append(relative)
        }
        return relative
    }

    private static func isInside(_ path: String, _ folder: String) -> Bool {
        path == folder || path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    // MARK: kubectl steps

    private mutating func expandNamespace(_ spec: NamespaceSpec, into step: inout CompiledStep) {
        let name = text(spec.name)
        var labels: [String: String] = [:]
        for label in spec.labels { labels[label.value.name] = scope.interpolate(Located(label.value.value, at: label.location), &diagnostics) }
        // Applying a manifest (instead of `create namespace`) makes the step safe to re-run.
        let manifest = NamespaceManifest.json(name: name, labels: labels)
        step.summary = labels.isEmpty ? "namespace \(name)" : "namespace \(name) (\(labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")))"
        step.commands = [context.kubectl.make(["apply", "-f", "-"], stdin: manifest)]
        step.intent = .namespace(name: name)
    }

    // MARK: Other steps

    private mutating func expandCheck(_ spec: CheckSpec, into step: inout CompiledStep) {
        let url = checkedURL(spec.http)
        let expect = spec.expect?.value ?? 200
        if let given = spec.expect, !(100...599).contains(given.value) {
            diagnostics.error("check.expect must be an HTTP status (100-599), got \(given.value)", at: given.location)
        }
        let interval = spec.interval.flatMap { seconds($0, field: "check.interval") } ?? 2
        step.summary = "GET \(url) expects \(expect)"
        step.intent = .check(url: url)
        step.commands = [.httpCheck(HTTPCheck(url: url, expectStatus: expect, attempts: (spec.retries?.value ?? 0) + 1, interval: interval))]
    }

    mutating func checkedURL(_ value: Located<String>) -> String {
        let url = text(value)
        if let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil { return url }
        diagnostics.error("'\(url)' is not an http(s) URL", at: value.location, hint: "for example https://user-service.example.com/actuator/health")
        return url
    }

    private mutating func expandRun(_ argv: [Located<String>], namespace: String?, into step: inout CompiledStep) {
        var words: [String] = []
        for word in argv { words.append(text(word)) }
        // kubectl and istioctl get the run's kubeconfig and the step's namespace like every typed
        // step does, unless the argv already says otherwise.
        var usesCluster = false
        if ["kubectl", "istioctl"].contains(words[0]) {
            var inserted: [String] = []
            if !words.contains(where: { $0 == "--kubeconfig" || $0.hasPrefix("--kubeconfig=") }) {
                inserted += ["--kubeconfig", context.kubeconfig]
                usesCluster = true
            }
            if let namespace, !Self.choosesNamespace(words) {
                inserted += ["--namespace", namespace]
            }
            words.insert(contentsOf: inserted, at: 1)
        }
        step.summary = "run \(words[0])"
        step.commands = [.exec(ExecCommand(words))]
        step.intent = .run(program: words[0], usesCluster: usesCluster)
        // Arguments naming files of the plan's folder are what the step reads (`bosun diff`).
        for word in words.dropFirst() where !word.hasPrefix("-") && !word.hasPrefix("/") && !word.contains("..") {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: context.planFolder + "/" + word, isDirectory: &isFolder), !isFolder.boolValue,
               !step.files.contains(word) {
                step.files.append(word)
            }
        }
    }

    /// Whether a kubectl/istioctl argv picks its namespace itself (or all of them).
    private static func choosesNamespace(_ words: [String]) -> Bool {
        words.contains { word in
            ["-n", "--namespace", "-A", "--all-namespaces"].contains(word)
                || word.hasPrefix("--namespace=") || word.hasPrefix("-n=")
        }
    }
}
