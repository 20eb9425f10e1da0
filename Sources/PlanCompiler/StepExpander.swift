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

    /// Everything about the environment and run that expansion needs.
    struct ExpansionContext {
        let planFolder: String
        let defaultNamespace: Located<String>?
        let environment: EnvironmentSpec
        let provider: ProviderProfile?
        let runDirectory: String
        var kubectl: KubectlCommand { KubectlCommand(kubeconfig: kubeconfig) }
        var kubeconfig: String { runDirectory + "/kubeconfig" }
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
        case .rollout(let spec): expandRollout(spec, namespace: namespace(for: step), into: &compiled)
        case .check(let spec): expandCheck(spec, into: &compiled)
        case .run(let argv): expandRun(argv, namespace: namespace(for: step), into: &compiled)
        case .approve(let prompt):
            let text = text(prompt)
            compiled.summary = "approval: \(text)"
            compiled.commands = [.approval(prompt: text)]
        }
        return compiled
    }

    private func kind(of action: StepAction) -> StepKind {
        StepKind(rawValue: action.keyword) ?? .run
    }

    private mutating func text(_ value: Located<String>) -> String { scope.interpolate(value, &diagnostics) }

    private mutating func namespace(for step: StepSpec) -> String? {
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
    }

    private mutating func expandApply(_ spec: ApplySpec, namespace: String?, into step: inout CompiledStep) {
        let path = existingPath(spec.path, what: "manifest path", into: &step)
        step.summary = "apply \(path)"
        step.commands = [context.kubectl.make(["apply", "-f", path], namespace: namespace)]
        guard let wait = spec.wait else { return }
        let condition = text(wait.condition)
        var arguments = ["wait", "--for=\(condition)"]
        if let pods = wait.pods {
            arguments += ["pod", "-l", text(pods)]
            step.summary += ", wait for pods \(text(pods)) \(condition)"
        } else if let resource = wait.resource {
            arguments.append(text(resource))
            step.summary += ", wait for \(text(resource)) \(condition)"
        }
        if let timeout = wait.timeout.flatMap({ seconds($0, field: "wait.timeout") }) {
            arguments.append("--timeout=\(KubectlDuration.format(timeout))")
        }
        step.commands.append(context.kubectl.make(arguments, namespace: namespace))
    }

    private mutating func expandRollout(_ spec: RolloutSpec, namespace: String?, into step: inout CompiledStep) {
        let deployment = "deployment/\(text(spec.deployment))"
        let image = text(spec.image)
        let timeout = spec.timeout.flatMap { seconds($0, field: "rollout.timeout") }
        var status = ["rollout", "status", deployment]
        if let timeout { status.append("--timeout=\(KubectlDuration.format(timeout))") }
        step.summary = "rolling update \(deployment) to \(image), undo on failure"
        // The revision before the update is recorded first, so that a failure is undone to exactly
        // it (a bare `rollout undo` would go back one revision from wherever the deployment is).
        let revision = "previous-revision"
        step.commands = [
            context.kubectl.make(["get", deployment, "-o", #"jsonpath={.metadata.annotations.deployment\.kubernetes\.io/revision}"#],
                                 namespace: namespace, captureAs: revision),
            context.kubectl.make(["set", "image", deployment, image], namespace: namespace),
            context.kubectl.make(status, namespace: namespace),
        ]
        let healthCheck = spec.health.map { StepCommand.httpCheck(HTTPCheck(url: checkedURL($0), attempts: 5, interval: 2)) }
        if let healthCheck { step.commands.append(healthCheck) }
        // Undone to the recorded revision, then proven healthy there, as after any release.
        step.onFailure = [
            context.kubectl.make(["rollout", "undo", deployment, "--to-revision=" + ExecCommand.capturePlaceholder(revision)],
                                 namespace: namespace),
            context.kubectl.make(status, namespace: namespace),
        ] + (healthCheck.map { [$0] } ?? [])
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
        step.commands = [.httpCheck(HTTPCheck(url: url, expectStatus: expect, attempts: (spec.retries?.value ?? 0) + 1, interval: interval))]
    }

    private mutating func checkedURL(_ value: Located<String>) -> String {
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
        if ["kubectl", "istioctl"].contains(words[0]) {
            var inserted: [String] = []
            if !words.contains(where: { $0 == "--kubeconfig" || $0.hasPrefix("--kubeconfig=") }) {
                inserted += ["--kubeconfig", context.kubeconfig]
            }
            if let namespace, !Self.choosesNamespace(words) {
                inserted += ["--namespace", namespace]
            }
            words.insert(contentsOf: inserted, at: 1)
        }
        step.summary = "run \(words[0])"
        step.commands = [.exec(ExecCommand(words))]
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
