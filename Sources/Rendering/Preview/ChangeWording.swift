import ChangePreview

/// The words every format of a preview shares: a step's change in one line, and the summary line
/// ("terraform: 2 to add, 1 to change; kubernetes: 3 to create, 2 to change; releases:
/// user-service v1.1.0 → v1.2.0").
enum ChangeWording {
    static func summary(_ summary: ChangeSummary) -> String {
        var parts: [String] = []
        let terraform: [(ResourceChange.Action, String)] = [(.create, "to add"), (.update, "to change"), (.replace, "to replace"),
                                                            (.delete, "to destroy"), (.read, "to read")]
        let counts = terraform.compactMap { action, words in summary.terraform[action].map { "\($0) \(words)" } }
        parts.append("terraform: " + (counts.isEmpty ? "no changes" : counts.joined(separator: ", ")))
        var kubernetes: [String] = []
        if summary.kubernetesCreate > 0 { kubernetes.append("\(summary.kubernetesCreate) to create") }
        if summary.kubernetesChange > 0 { kubernetes.append("\(summary.kubernetesChange) to change") }
        parts.append("kubernetes: " + (kubernetes.isEmpty ? "no changes" : kubernetes.joined(separator: ", ")))
        let noRelease = summary.knownAfter > 0 ? "none known yet" : "no changes"
        parts.append("releases: " + (summary.releases.isEmpty ? noRelease : summary.releases.map(release).joined(separator: ", ")))
        if summary.knownAfter > 0 { parts.append("known after earlier steps: \(summary.knownAfter) step\(summary.knownAfter == 1 ? "" : "s")") }
        if summary.failed > 0 { parts.append("not previewed (failed): \(summary.failed) step\(summary.failed == 1 ? "" : "s")") }
        return parts.joined(separator: "; ")
    }

    /// `user-service v1.1.0 → v1.2.0` when only the tag moves, else both images.
    static func release(_ release: ChangeSummary.Release) -> String {
        let name = release.deployment.split(separator: "/").last.map(String.init) ?? release.deployment
        return name + " " + imageMove(from: release.from, to: release.to)
    }

    static func imageMove(from: String?, to: String) -> String {
        guard let from else { return "(new) \(to)" }
        let (fromRepository, fromTag) = split(from)
        let (toRepository, toTag) = split(to)
        if fromRepository == toRepository, let fromTag, let toTag { return "\(fromTag) → \(toTag)" }
        return "\(from) → \(to)"
    }

    /// An image's repository and tag (`registry:5000/app:v1` → `registry:5000/app`, `v1`).
    private static func split(_ image: String) -> (String, String?) {
        if image.contains("@") { return (image, nil) }
        guard let colon = image.lastIndex(of: ":"), !image[colon...].contains("/") else { return (image, nil) }
        return (String(image[..<colon]), String(image[image.index(after: colon)...]))
    }

    /// A step's change in one line.
    static func headline(_ outcome: StepOutcome) -> String {
        switch outcome {
        case .terraform(let changes):
            let own = changes.filter(\.inTarget)
            let counts = ResourceChange.Action.allCases.compactMap { action -> String? in
                let count = own.filter { $0.action == action }.count
                return count == 0 ? nil : "\(count) to \(verb(action))"
            }
            let outside = changes.count - own.count
            return "terraform: " + (counts.isEmpty ? "no changes" : counts.joined(separator: ", "))
                + (outside > 0 ? " (and \(outside) of its dependencies, shown at their steps)" : "")
        case .kubernetes(let objects):
            let created = objects.filter { $0.action == .create }.count
            let changed = objects.filter { $0.action == .change }.count
            let unchanged = objects.filter { $0.action == .unchanged }.count
            var parts: [String] = []
            if created > 0 { parts.append("\(created) to create") }
            if changed > 0 { parts.append("\(changed) to change") }
            if unchanged > 0 { parts.append("\(unchanged) unchanged") }
            return "kubernetes: " + (parts.isEmpty ? "no objects" : parts.joined(separator: ", "))
        case .release(let release):
            let now = release.currentImage ?? "?"
            let revision = release.currentRevision.map { " (revision \($0))" } ?? ""
            return release.changes
                ? "release: deployment/\(release.deployment) \(now)\(revision) → \(release.newImage)"
                : "release: deployment/\(release.deployment) stays at \(now)\(revision): no change"
        case .namespace(let namespace):
            if !namespace.exists {
                return "namespace \(namespace.name): to create" + (namespace.added.isEmpty ? "" : " with labels " + labels(namespace.added))
            }
            var parts: [String] = []
            if !namespace.added.isEmpty { parts.append("labels added " + labels(namespace.added)) }
            if !namespace.changed.isEmpty {
                parts.append("labels changed " + namespace.changed.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.from) → \($0.value.to)" }.joined(separator: ", "))
            }
            if !namespace.removed.isEmpty { parts.append("labels removed " + namespace.removed.keys.sorted().joined(separator: ", ")) }
            return "namespace \(namespace.name): " + (parts.isEmpty ? "no changes" : parts.joined(separator: "; "))
        case .runs(let note, let preview):
            return preview == nil ? note : "runs, not previewed; its `preview:` command's output follows"
        case .knownAfter(let after, let reason):
            return "known after \(after): \(reason)"
        case .failed(let message):
            return "could not preview: " + (message.split(separator: "\n").first.map(String.init) ?? message)
        }
    }

    static func verb(_ action: ResourceChange.Action) -> String {
        switch action {
        case .create: "add"
        case .update: "change"
        case .replace: "replace"
        case .delete: "destroy"
        case .read: "read"
        }
    }

    static func labels(_ labels: [String: String]) -> String {
        labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }

    /// `+`, `~`, `-`, `±` or `=`, as Terraform marks its changes.
    static func mark(_ action: ResourceChange.Action) -> String {
        switch action {
        case .create: "+"
        case .update: "~"
        case .replace: "-/+"
        case .delete: "-"
        case .read: "<="
        }
    }

    static func mark(_ action: ObjectChange.Action) -> String {
        switch action {
        case .create: "+"
        case .change: "~"
        case .unchanged: "="
        }
    }
}
