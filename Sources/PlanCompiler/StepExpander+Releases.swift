import BosunBasics
import Foundation
import PlanLoading
import PlanModel

/// The steps that change what runs in the cluster: `apply`, `kustomize` and `rollout`. Each looks
/// at every deployment it changes before and after it runs (the release record), and a rollout
/// that fails is undone to the revision that was live before the run first touched it.
extension StepExpander {
    mutating func expandApply(_ spec: ApplySpec, namespace: String?, into step: inout CompiledStep) {
        let (path, readable) = existingPath(spec.path, what: "manifest path", into: &step)
        // kubectl reads each of these files, wherever its symlinks lead: each must be in the plan's folder.
        let files = readable ? ManifestFiles.list(path, in: context.planFolder) : []
        // Of a folder, kubectl reads these files and nothing below them (`bosun diff`).
        if files != [path] { step.files = step.files.filter { $0 != path } + files }
        var rendered: [String] = []
        var found: [ManifestDeployment] = []
        for file in files where confinedFile(file, what: "manifest", at: spec.path.location) {
            guard let text = readManifest(file, at: spec.path.location) else { continue }
            let shown = context.displayPath(file)
            let output = spec.render ? ManifestRenderer.render(text, file: shown, scope: &scope, &diagnostics) : text
            rendered.append(output)
            let deployments = scan(output, file: shown)
            found += deployments
            // The images as written (before variables), for the check that rollouts agree; a
            // manifest with no variables is the same text and is not parsed again.
            let raw = output == text ? deployments : ((try? ManifestScanner.deployments(in: text, file: shown)) ?? deployments)
            releaseImages.applied(step.id, deployments, raw: raw, namespace: namespace)
        }
        let deployments = refs(found, namespace: namespace)
        step.summary = "apply \(path)" + (spec.render ? " (rendered)" : "")
        let apply: StepCommand = spec.render
            ? context.kubectl.make(["apply", "-f", "-"], namespace: namespace, stdin: rendered.joined(separator: "\n---\n"),
                                   stdinLabel: "\(path) rendered with the plan's variables")
            : context.kubectl.make(["apply", "-f", word(path)], namespace: namespace)
        layOut(step: &step, change: apply, wait: spec.wait, namespace: namespace, deployments: deployments)
        step.intent = .apply(paths: [path], render: spec.render, deployments: deployments)
    }

    mutating func expandKustomize(_ spec: KustomizeSpec, namespace: String?, into step: inout CompiledStep) {
        let (dir, readable) = existingPath(spec.dir, what: "kustomization folder", into: &step)
        let absolute = URL(fileURLWithPath: dir, relativeTo: URL(fileURLWithPath: context.planFolder + "/")).standardizedFileURL.path
        guard !readable || KustomizationReader.file(in: absolute) != nil || !diagnostics.diagnostics.isEmpty else {
            diagnostics.error("kustomization folder '\(dir)' has no kustomization.yaml", at: spec.dir.location,
                              hint: "kustomize: names a folder holding kustomization.yaml, as `kubectl apply -k` takes it")
            return
        }
        var images: [String: String] = [:]
        for image in spec.images { images[image.value.name] = text(Located(image.value.value, at: image.location)) }
        // kustomize reads every file the kustomizations name: each must be in the plan's folder.
        var reading = KustomizationReader(folder: context.folder)
        var found = readable ? reading.deployments(in: absolute, scan: { scan($0, file: $1) }) : []
        for refusal in reading.refused {
            refuse(refusal.path, what: refusal.namedIn == nil ? "kustomization file" : "file", namedIn: refusal.namedIn,
                   refusal.resolution, at: spec.dir.location)
        }
        // A base or patch outside the folder is read as much as the folder is (`bosun diff`).
        for path in reading.read where !step.files.contains(path) { step.files.append(path) }
        for index in found.indices { found[index].images = found[index].images.mapValues { KustomizeImage.apply(images, to: $0) } }
        releaseImages.applied(step.id, found, raw: found, namespace: namespace, overrides: spec.images)
        let deployments = refs(found, namespace: namespace)
        step.summary = "apply -k \(dir)" + (images.isEmpty ? "" : " with images " + images.keys.sorted().map { images[$0]! }.joined(separator: ", "))
        var target = word(dir)
        if !images.isEmpty {
            // In the run folder; the overlay names the plan's folder relative to itself (`{plan}`
            // in a generated file is resolved that way): kustomize refuses absolute resources.
            let overlay = CommandWord.inRun("kustomize/\(StepNaming.fileName(for: step.id))")
            let inside = RelativePath.from(context.planFolder, to: absolute)
            let base = inside == "." ? CommandWord.plan : CommandWord.inPlan(inside)
            step.runFiles = [GeneratedFile(path: overlay + "/kustomization.yaml", contents: KustomizeImage.overlay(base: base, images: images))]
            target = overlay
        }
        layOut(step: &step, change: context.kubectl.make(["apply", "-k", target], namespace: namespace),
               wait: spec.wait, namespace: namespace, deployments: deployments)
        step.intent = .kustomize(dir: dir, images: images, deployments: deployments)
    }

    mutating func expandRollout(_ spec: RolloutSpec, namespace: String?, into step: inout CompiledStep) {
        let deployment = DeploymentRef(name: text(spec.deployment), namespace: namespace)
        let target = "deployment/\(deployment.name)"
        let image = text(spec.image)
        let (container, reference) = image.firstIndex(of: "=").map { (String(image[..<$0]), String(image[image.index(after: $0)...])) }
            ?? ("", image)
        releaseImages.rolledOut(step.id, deployment, container: container, image: reference,
                                raw: String(spec.image.value.drop { $0 != "=" }.dropFirst()), at: spec.image.location)
        let timeout = spec.timeout.flatMap { seconds($0, .rolloutTimeout) }
        var status = ["rollout", "status", word(target)]
        if let timeout { status.append("--timeout=\(KubectlDuration.format(timeout))") }
        let health = spec.health.map { checkedURL($0) }
        let healthCheck = health.map { StepCommand.httpCheck(HTTPCheck(url: $0, attempts: 5, interval: 2)) }
        let kubectl = context.kubectl
        step.summary = "rolling update \(target) to \(image), undo on failure"
        // A deployment that does not exist fails the step before anything changed: nothing to undo.
        step.commands = [kubectl.observe(deployment, .before, required: true),
                         kubectl.make(["set", "image", word(target), word(image)], namespace: namespace),
                         kubectl.make(status, namespace: namespace)]
            + (healthCheck.map { [$0] } ?? []) + [kubectl.observe(deployment, .after)]
        step.changesFrom = 1
        // Undone to the revision the deployment had before this run first touched it (an apply of
        // the same deployment earlier in the run may already have changed it), then proven healthy.
        let undo = ["rollout", "undo", word(target), "--to-revision=" + ExecCommand.capturePlaceholder(ReleaseCapture.revisionBefore(deployment))]
        step.onFailure = [kubectl.observe(deployment, .failed), kubectl.make(undo, namespace: namespace),
                          kubectl.make(status, namespace: namespace)]
            + (healthCheck.map { [$0] } ?? []) + [kubectl.observe(deployment, .after)]
        step.intent = .rollout(RolloutIntent(deployment: deployment, container: container, image: reference, timeout: timeout, health: health))
    }

    /// Looks at each deployment before and after the change (and the wait). When the step fails
    /// after the change, each deployment is undone to the revision it had before the run touched
    /// it, as a failed rollout is: a full apply of a bad release leaves the live one running.
    /// (Only Deployments are undone: other objects the manifests changed stay as applied.)
    private mutating func layOut(step: inout CompiledStep, change: StepCommand, wait: WaitSpec?, namespace: String?, deployments: [DeploymentRef]) {
        let kubectl = context.kubectl
        var commands = deployments.map { kubectl.observe($0, .before) }
        commands.append(change)
        var waitTimeout: Double?
        if let wait {
            waitTimeout = wait.timeout.flatMap { seconds($0, .waitTimeout) }
            commands.append(waitCommand(wait, timeout: waitTimeout, namespace: namespace, summary: &step.summary))
        }
        commands += deployments.map { kubectl.observe($0, .after) }
        step.commands = commands
        step.changesFrom = deployments.count
        guard !deployments.isEmpty else { return }
        step.summary += ", undone on failure"
        let timeout = "--timeout=" + KubectlDuration.format(waitTimeout ?? 300)
        step.onFailure = deployments.map { kubectl.observe($0, .failed) }
            + deployments.flatMap { deployment -> [StepCommand] in
                let target = word("deployment/\(deployment.name)")
                let revision = ExecCommand.capturePlaceholder(ReleaseCapture.revisionBefore(deployment))
                return [kubectl.make(["rollout", "undo", target, "--to-revision=" + revision], namespace: deployment.namespace),
                        kubectl.make(["rollout", "status", target, timeout], namespace: deployment.namespace)]
            }
            + deployments.map { kubectl.observe($0, .after) }
    }

    private mutating func waitCommand(_ wait: WaitSpec, timeout: Double?, namespace: String?, summary: inout String) -> StepCommand {
        let condition = text(wait.condition)
        var arguments = ["wait", "--for=" + word(condition)]
        if let pods = wait.pods {
            arguments += ["pod", "-l", word(text(pods))]
            summary += ", wait for pods \(text(pods)) \(condition)"
        } else if let resource = wait.resource {
            arguments.append(word(text(resource)))
            summary += ", wait for \(text(resource)) \(condition)"
        }
        if let timeout {
            arguments.append("--timeout=\(KubectlDuration.format(timeout))")
        }
        return context.kubectl.make(arguments, namespace: namespace)
    }

    private func refs(_ found: [ManifestDeployment], namespace: String?) -> [DeploymentRef] {
        var refs: [DeploymentRef] = []
        for deployment in found {
            let ref = DeploymentRef(name: deployment.name, namespace: deployment.namespace ?? namespace)
            if !refs.contains(ref) { refs.append(ref) }
        }
        return refs
    }

    private mutating func readManifest(_ file: String, at location: SourceLocation) -> String? {
        let path = (context.planFolder as NSString).appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            diagnostics.error("cannot read manifest '\(file)' as UTF-8 text", at: location)
            return nil
        }
        return text
    }

    private mutating func scan(_ text: String, file: String) -> [ManifestDeployment] {
        do {
            return try ManifestScanner.deployments(in: text, file: file)
        } catch {
            diagnostics.append(contentsOf: error.diagnostics)
            return []
        }
    }
}

/// The manifest files `kubectl apply -f PATH` reads: the file, or a folder's `.yaml`, `.yml` and
/// `.json` files in name order (not its sub-folders, as without `-R`).
enum ManifestFiles {
    static func list(_ path: String, in planFolder: String) -> [String] {
        let absolute = (planFolder as NSString).appendingPathComponent(path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: absolute, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else { return [path] }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: absolute)) ?? []
        // kubectl skips sub-folders (by lstat, so a symlink to a folder is read as a file, and fails).
        return names.filter { ["yaml", "yml", "json"].contains(($0 as NSString).pathExtension) }.sorted()
            .filter { !isRealFolder((absolute as NSString).appendingPathComponent($0)) }
            .map { (path as NSString).appendingPathComponent($0) }
    }

    private static func isRealFolder(_ path: String) -> Bool {
        (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeDirectory
    }
}

