import BosunBasics
import Yams

/// Reads one step: its shared fields and exactly one action.
enum StepReader {
    static func read(_ node: Node, _ fields: inout YAMLFields) -> StepSpec? {
        let allowed = PlanLoader.commonStepKeys + StepAction.keywords
        guard let keyed = fields.keyed(node, field: "step", allowed: allowed) else { return nil }
        let location = fields.location(of: node)

        // `namespace` is the action only when no other action is present; otherwise it is the
        // kubectl namespace of that other action.
        let otherActions = StepAction.keywords.filter { $0 != "namespace" && keyed.has($0) }
        if otherActions.count > 1 {
            fields.diagnostics.error(
                "a step has one action, this one has \(otherActions.count): \(otherActions.map { "'\($0)'" }.joined(separator: " and "))",
                at: keyed.keyLocations[otherActions[1]] ?? location, hint: "split it into separate steps")
            return nil
        }
        let action: StepAction?
        if let keyword = otherActions.first {
            action = readAction(keyword, keyed[keyword]!, keyed, &fields)
        } else if let namespaceNode = keyed["namespace"] {
            action = readNamespace(namespaceNode, keyed, &fields)
        } else {
            fields.diagnostics.error(
                "step has no action", at: location,
                hint: "give exactly one of: \(StepAction.keywords.joined(separator: ", "))")
            return nil
        }
        guard let action else { return nil }
        checkMisplaced(keyed, action: action, &fields)

        var namespace: Located<String>?
        if case .namespace = action {} else { namespace = keyed["namespace"].flatMap { fields.string($0, field: "namespace") } }
        return StepSpec(
            id: keyed["id"].flatMap { fields.string($0, field: "id") }.flatMap { checkedID($0, &fields) },
            needs: keyed["needs"].flatMap { fields.strings($0, field: "needs", allowSingle: true) } ?? [],
            timeout: keyed["timeout"].flatMap { fields.duration($0, .stepTimeout) },
            retries: keyed["retries"].flatMap { fields.count($0, .stepRetries) },
            idempotent: keyed["idempotent"].flatMap { node in fields.bool(node, field: "idempotent").map { Located($0, at: fields.location(of: node)) } },
            environments: keyed["environments"].flatMap { fields.strings($0, field: "environments", allowSingle: true) },
            namespace: namespace, action: action, location: location,
            preview: keyed["preview"].flatMap { readArgv($0, field: "preview", &fields) })
    }

    /// Ids are shown, typed in `--target` and used as file names: no invisible or
    /// direction-changing characters (a "Trojan Source" id looks like another one), no whitespace.
    private static func checkedID(_ id: Located<String>, _ fields: inout YAMLFields) -> Located<String>? {
        // Scalars, not Characters: splitting 50,000 ids into grapheme clusters showed in profiles.
        if VisibleText.hasHidden(id.value) || id.value.unicodeScalars.contains(where: \.properties.isWhitespace) || id.value.isEmpty {
            fields.diagnostics.error(
                "step id '\(VisibleText.escape(id.value))' has invisible characters or whitespace", at: id.location,
                hint: "use letters, digits, '-', '_', '.', '/' and ':'")
            return nil
        }
        return id
    }

    /// `labels` belongs to namespace steps and `wait` to apply steps.
    private static func checkMisplaced(_ keyed: KeyedFields, action: StepAction, _ fields: inout YAMLFields) {
        if keyed.has("labels"), action.keyword != "namespace" {
            fields.diagnostics.error("'labels' only applies to namespace steps", at: keyed.keyLocations["labels"]!)
        }
        if keyed.has("wait"), !["apply", "kustomize"].contains(action.keyword) {
            fields.diagnostics.error("'wait' only applies to apply and kustomize steps", at: keyed.keyLocations["wait"]!,
                                     hint: "rollout steps wait on their own; use a separate apply step with wait")
        }
        if keyed.has("render"), action.keyword != "apply" {
            fields.diagnostics.error("'render' only applies to apply steps", at: keyed.keyLocations["render"]!,
                                     hint: "kustomize steps set images with 'images:'")
        }
        if keyed.has("preview"), action.keyword != "run" {
            fields.diagnostics.error("'preview' only applies to run steps", at: keyed.keyLocations["preview"]!,
                                     hint: "`bosun plan --live` previews the other kinds of step by itself")
        }
        if keyed.has("images"), action.keyword != "kustomize" {
            fields.diagnostics.error("'images' only applies to kustomize steps", at: keyed.keyLocations["images"]!,
                                     hint: "for an apply step, write the image as ${variable} in the manifest and add 'render: true'")
        }
    }

    private static func readAction(_ keyword: String, _ node: Node, _ keyed: KeyedFields, _ fields: inout YAMLFields) -> StepAction? {
        switch keyword {
        case "terraform": return fields.string(node, field: "terraform").map { .terraform(target: $0) }
        case "connect": return fields.string(node, field: "connect").map { .connect($0) }
        case "apply": return readApply(node, keyed, &fields)
        case "kustomize": return readKustomize(node, keyed, &fields)
        case "rollout": return readRollout(node, &fields)
        case "check": return readCheck(node, &fields)
        case "run": return readRun(node, &fields)
        case "approve": return fields.string(node, field: "approve").map { .approve(prompt: $0) }
        default: return nil
        }
    }

    private static func readNamespace(_ node: Node, _ keyed: KeyedFields, _ fields: inout YAMLFields) -> StepAction? {
        guard let name = fields.string(node, field: "namespace") else { return nil }
        let labels = keyed["labels"].map { fields.definitions($0, field: "labels") } ?? []
        return .namespace(NamespaceSpec(name: name, labels: labels))
    }

    private static func readApply(_ node: Node, _ keyed: KeyedFields, _ fields: inout YAMLFields) -> StepAction? {
        guard let path = fields.string(node, field: "apply") else { return nil }
        let render = keyed["render"].flatMap { fields.bool($0, field: "render") } ?? false
        return .apply(ApplySpec(path: path, render: render, wait: readWait(keyed, &fields)))
    }

    private static func readKustomize(_ node: Node, _ keyed: KeyedFields, _ fields: inout YAMLFields) -> StepAction? {
        guard let dir = fields.string(node, field: "kustomize") else { return nil }
        let images = keyed["images"].map { fields.definitions($0, field: "images") } ?? []
        for image in images where image.value.secret {
            fields.diagnostics.error("an image is not a secret", at: image.location, hint: "write images: { NAME: IMAGE }")
        }
        return .kustomize(KustomizeSpec(dir: dir, images: images, wait: readWait(keyed, &fields)))
    }

    private static func readWait(_ keyed: KeyedFields, _ fields: inout YAMLFields) -> WaitSpec? {
        var wait: WaitSpec?
        if let waitNode = keyed["wait"],
           let waitFields = fields.keyed(waitNode, field: "wait", allowed: ["for", "pods", "resource", "timeout"]) {
            if let condition = waitFields.require("for", in: "wait", into: &fields).flatMap({ fields.string($0, field: "wait.for") }) {
                wait = WaitSpec(
                    condition: condition,
                    pods: waitFields["pods"].flatMap { fields.string($0, field: "wait.pods") },
                    resource: waitFields["resource"].flatMap { fields.string($0, field: "wait.resource") },
                    timeout: waitFields["timeout"].flatMap { fields.duration($0, .waitTimeout) },
                    location: waitFields.location)
                if (wait?.pods == nil) == (wait?.resource == nil) {
                    fields.diagnostics.error("wait needs exactly one of 'pods' (a label selector) or 'resource'",
                                             at: waitFields.location, hint: "for example pods: app=postgres-primary")
                }
            }
        }
        return wait
    }

    private static func readRollout(_ node: Node, _ fields: inout YAMLFields) -> StepAction? {
        let allowed = ["deployment", "image", "timeout", "health"]
        guard let keyed = fields.keyed(node, field: "rollout", allowed: allowed) else { return nil }
        let deployment = keyed.require("deployment", in: "rollout", into: &fields).flatMap { fields.string($0, field: "rollout.deployment") }
        let image = keyed.require("image", in: "rollout", into: &fields).flatMap { fields.string($0, field: "rollout.image") }
        guard let deployment, let image else { return nil }
        if !image.value.contains("=") {
            fields.diagnostics.error("rollout.image must be 'container=image', got '\(image.value)'", at: image.location,
                                     hint: "for example user-service=registry/user-service:v1.2.0")
        }
        return .rollout(RolloutSpec(
            deployment: deployment, image: image,
            timeout: keyed["timeout"].flatMap { fields.duration($0, .rolloutTimeout) },
            health: keyed["health"].flatMap { fields.string($0, field: "rollout.health") }))
    }

    private static func readCheck(_ node: Node, _ fields: inout YAMLFields) -> StepAction? {
        guard let keyed = fields.keyed(node, field: "check", allowed: ["http", "expect", "retries", "interval"]) else { return nil }
        guard let url = keyed.require("http", in: "check", into: &fields).flatMap({ fields.string($0, field: "check.http") })
        else { return nil }
        return .check(CheckSpec(
            http: url,
            expect: keyed["expect"].flatMap { fields.integer($0, field: "check.expect") },
            retries: keyed["retries"].flatMap { fields.count($0, .checkRetries) },
            interval: keyed["interval"].flatMap { fields.duration($0, .checkInterval) }))
    }

    private static func readRun(_ node: Node, _ fields: inout YAMLFields) -> StepAction? {
        readArgv(node, field: "run", &fields).map { .run(argv: $0) }
    }

    /// An argv array (`run:`, `preview:`): a list with at least the program's name, never a shell line.
    private static func readArgv(_ node: Node, field: String, _ fields: inout YAMLFields) -> [Located<String>]? {
        guard case .sequence = node else {
            fields.diagnostics.error(
                "'\(field)' must be a list of arguments (an argv array), not \(fields.describe(node))", at: fields.location(of: node),
                hint: "write \(field): [kubectl, get, pods] — Bosun never runs commands through a shell")
            return nil
        }
        guard let argv = fields.strings(node, field: field) else { return nil }
        if argv.isEmpty {
            fields.diagnostics.error("'\(field)' needs at least the program name", at: fields.location(of: node))
            return nil
        }
        return argv
    }
}
