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
    /// The provider's machine-local files, by parameter (filled by the connect expansion).
    var localFiles: [String: LocalFile] = [:]

    /// Everything about the environment and run that expansion needs.
    struct ExpansionContext {
        let planFolder: String
        let defaultNamespace: Located<String>?
        let environment: EnvironmentSpec
        let provider: ProviderProfile?
        /// See ``CompileOptions/workingTreeFolder``.
        var workingTreeFolder: String?
        /// The plan's folder as the user named it (the plan file's folder), for diagnostics.
        let displayFolder: String
        var kubectl: KubectlCommand { KubectlCommand(kubeconfig: kubeconfig) }
        /// What steps may read (a value: the folder's symlinks are resolved each time it is made).
        var folder: PlanFolder { PlanFolder(planFolder) }
        /// Commands name the run folder `{run}` (``CommandWord``): a plan compiles the same for every run.
        var kubeconfig: String { CommandWord.inRun("kubeconfig") }

        /// A file of the plan's folder as diagnostics name it.
        func displayPath(_ relative: String) -> String {
            displayFolder.isEmpty ? relative : (displayFolder as NSString).appendingPathComponent(relative)
        }

        /// The plan's folder as messages name it.
        var shownFolder: String { displayFolder.isEmpty ? "." : displayFolder }

        /// An absolute path as messages name it: under the user's name of the plan's folder when
        /// it is inside (a revision's copy is read from elsewhere), else as it is.
        func shown(_ absolute: String) -> String {
            let name = folder.name(of: absolute)
            return name.hasPrefix("/") ? name : displayPath(name)
        }
    }

    var environmentName: String { context.environment.name.value }

    /// The step's commands and rollback commands, its summary and its resolved settings.
    mutating func expand(_ step: StepSpec, id: String, phase: String) -> CompiledStep {
        var compiled = CompiledStep(id: id, kind: kind(of: step.action), phase: phase, location: step.location, summary: "")
        // Names met before this step (by another step, or the provider's values) are not its own.
        _ = scope.takeReferences()
        compiled.timeout = step.timeout.flatMap { seconds($0, .stepTimeout) }
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
        case .run(let argv):
            let namespace = namespace(for: step)
            expandRun(argv, namespace: namespace, into: &compiled)
            if let preview = step.preview {
                // Read-only by the plan's word; it gets the run's kubeconfig as the step does.
                let (words, _) = commandWords(preview.map { text($0) }, namespace: namespace)
                compiled.preview = .exec(ExecCommand(words))
            }
        case .approve(let prompt):
            let text = text(prompt)
            compiled.summary = "approval: \(text)"
            compiled.commands = [.approval(prompt: text)]
            compiled.intent = .approve(prompt: text)
        }
        compiled.variables = scope.takeReferences()
        return compiled
    }

    private func kind(of action: StepAction) -> StepKind {
        StepKind(rawValue: action.keyword) ?? .run
    }

    mutating func text(_ value: Located<String>) -> String { scope.interpolate(value, &diagnostics) }

    /// Plan data as a command word: its `{` never starts a token (``CommandWord/escaped(_:)``).
    func word(_ text: String) -> String { CommandWord.escaped(text) }

    mutating func namespace(for step: StepSpec) -> String? {
        guard let namespace = step.namespace ?? context.defaultNamespace else { return nil }
        return text(namespace)
    }

    /// A duration with its variables resolved, within `bounds` (the loader checked those without
    /// variables; a value from `--set` or `BOSUN_VAR_` is only known here).
    mutating func seconds(_ value: Located<String>, _ bounds: DurationBounds) -> Double? {
        let resolved = text(value)
        switch bounds.seconds(in: resolved, shownAs: Redactor(secrets: scope.secrets).redact(resolved)) {
        case .success(let seconds): return seconds
        case .failure(let problem):
            let source = resolved == value.value ? "" : " (from '\(value.value)')"
            diagnostics.error(problem.message + source, at: value.location, hint: problem.hint)
            return nil
        }
    }

    /// A path the step reads, relative to the plan's folder, with its variables resolved. It must
    /// exist and stay inside the folder (see ``PlanFolder``); `readable` says whether it does, and
    /// nothing else about it may be read when it does not.
    mutating func existingPath(_ value: Located<String>, what: String, into step: inout CompiledStep) -> (path: String, readable: Bool) {
        let relative = text(value)
        let folder = context.folder
        let lexical = URL(fileURLWithPath: relative, relativeTo: URL(fileURLWithPath: folder.resolved + "/")).standardizedFileURL.path
        let hint = "paths are relative to the plan's folder (\(context.shownFolder)) and stay inside it"
        if (relative as NSString).isAbsolutePath || !folder.contains(lexical) {
            diagnostics.error("\(what) '\(relative)' is outside the plan's folder", at: value.location, hint: hint)
            return (relative, false)
        }
        switch folder.resolve(relative) {
        case .missing, .unresolvable:
            diagnostics.error("\(what) '\(relative)' does not exist", at: value.location, hint: hint)
        case .outside(let target):
            diagnostics.error("\(what) '\(relative)' is a symlink leading outside the plan's folder, to '\(context.shown(target))'", at: value.location, hint: hint)
        case .inside:
            if !step.files.contains(relative) { step.files.append(relative) }
            return (relative, true)
        }
        return (relative, false)
    }

    /// A file a step reads because of a path it names (a manifest of a folder): inside the plan's
    /// folder once every symlink is followed, and a regular file. A problem is reported at
    /// `location`, the step's `apply:`.
    mutating func confinedFile(_ relative: String, what: String, at location: SourceLocation) -> Bool {
        switch context.folder.resolve(relative) {
        case .inside(let real) where PlanFolder.isRegularFile(real): return true
        case let resolution: refuse(relative, what: what, resolution, at: location)
        }
        return false
    }

    /// Reports a file a step would read but may not (`resolution` says why), naming where it leads.
    mutating func refuse(
        _ shown: String, what: String, namedIn: String? = nil, _ resolution: PlanFolder.Resolution, at location: SourceLocation
    ) {
        let what = "\(what) '\(shown)'" + (namedIn.map { " (named in \($0))" } ?? "")
        let hint = "every file a step reads stays inside the plan's folder (\(context.shownFolder)); copy the file in instead of linking to it"
        switch resolution {
        case .inside:
            diagnostics.error("\(what) is not a regular file (a folder, a FIFO or a device)", at: location,
                              hint: "kubectl reads files of YAML or JSON text")
        case .outside(let target):
            // Inside by its name, outside once followed: a symlink on the way leads out.
            let how = context.folder.name(of: shown).hasPrefix("/") ? "is outside the plan's folder" : "is a symlink leading outside the plan's folder"
            diagnostics.error("\(what) \(how)" + (target == shown ? "" : ", to '\(context.shown(target))'"), at: location, hint: hint)
        case .unresolvable:
            diagnostics.error("\(what) is a symlink that leads nowhere (its target is missing, or links loop)", at: location, hint: hint)
        case .missing:
            diagnostics.error("\(what) does not exist", at: location, hint: hint)
        }
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
        let interval = spec.interval.flatMap { seconds($0, .checkInterval) } ?? 2
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
        let written = argv.map { text($0) }
        // Arguments naming files of the plan's folder are what the step reads (`bosun diff`).
        noteNamedPaths(in: written, into: &step)
        let (words, usesCluster) = commandWords(written, namespace: namespace)
        let program = written[0]
        step.summary = "run \(program)"
        step.commands = [.exec(ExecCommand(words))]
        step.intent = .run(program: program, usesCluster: usesCluster)
    }

    /// A written argv as command words. kubectl and istioctl get the run's kubeconfig and the
    /// step's namespace like every typed step does, unless the argv already says otherwise.
    private func commandWords(_ written: [String], namespace: String?) -> (words: [String], usesCluster: Bool) {
        var words = written.map(word)
        var usesCluster = false
        if ["kubectl", "istioctl"].contains(words[0]) {
            var inserted: [String] = []
            if !words.contains(where: { $0 == "--kubeconfig" || $0.hasPrefix("--kubeconfig=") }) {
                inserted += ["--kubeconfig", context.kubeconfig]
                usesCluster = true
            }
            if let namespace, !Self.choosesNamespace(words) {
                inserted += ["--namespace", word(namespace)]
            }
            words.insert(contentsOf: inserted, at: 1)
        }
        return (words, usesCluster)
    }

    /// Whether a kubectl/istioctl argv picks its namespace itself (or all of them).
    private static func choosesNamespace(_ words: [String]) -> Bool {
        words.contains { word in
            ["-n", "--namespace", "-A", "--all-namespaces"].contains(word)
                || word.hasPrefix("--namespace=") || word.hasPrefix("-n=")
        }
    }
}
