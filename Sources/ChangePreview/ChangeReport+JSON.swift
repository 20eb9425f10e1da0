extension ChangeReport: Encodable {
    private enum Key: String, CodingKey {
        case schema, plan, environment, source, commit, changes, complete, summary, problems, steps
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(schema, forKey: .schema)
        try container.encode(plan, forKey: .plan)
        try container.encode(environment, forKey: .environment)
        try container.encode(source, forKey: .source)
        try container.encode(commit, forKey: .commit)
        try container.encode(hasChanges, forKey: .changes)
        try container.encode(isComplete, forKey: .complete)
        try container.encode(summary, forKey: .summary)
        try container.encode(problems, forKey: .problems)
        try container.encode(steps, forKey: .steps)
    }
}

/// A step's fields, and its outcome's beside them (`status` and one of the kinds' keys).
extension StepPreview: Encodable {
    private enum Key: String, CodingKey { case id, phase, kind, summary, location }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(id, forKey: .id)
        try container.encode(phase, forKey: .phase)
        try container.encode(kind, forKey: .kind)
        try container.encode(summary, forKey: .summary)
        try container.encode(location, forKey: .location)
        try outcome.encode(to: encoder)
    }
}

/// The JSON shape of `--format json` (docs/preview.md): each step has a `status` and, by its
/// kind, one of `terraform`, `kubernetes`, `release`, `namespace`, `runs`, `knownAfter`, `error`.
extension StepOutcome: Encodable {
    private enum Key: String, CodingKey {
        case status, terraform, kubernetes, release, namespace, runs, knownAfter, error
    }

    private struct KnownAfter: Encodable {
        var step: String
        var reason: String
    }

    private struct Runs: Encodable {
        var note: String
        var preview: CommandPreview?
    }

    /// `changes`, `no-changes`, `runs`, `known-after` or `failed`: what CI branches on.
    package var status: String {
        switch self {
        case .terraform(let changes): changes.contains { $0.inTarget && $0.action != .read } ? "changes" : "no-changes"
        case .kubernetes(let objects): objects.contains { $0.action != .unchanged } ? "changes" : "no-changes"
        case .release(let release): release.changes ? "changes" : "no-changes"
        case .namespace(let namespace): namespace.changes ? "changes" : "no-changes"
        case .runs: "runs"
        case .knownAfter: "known-after"
        case .failed: "failed"
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(status, forKey: .status)
        switch self {
        case .terraform(let changes): try container.encode(changes, forKey: .terraform)
        case .kubernetes(let objects): try container.encode(objects, forKey: .kubernetes)
        case .release(let release): try container.encode(release, forKey: .release)
        case .namespace(let namespace): try container.encode(namespace, forKey: .namespace)
        case .runs(let note, let preview): try container.encode(Runs(note: note, preview: preview), forKey: .runs)
        case .knownAfter(let step, let reason): try container.encode(KnownAfter(step: step, reason: reason), forKey: .knownAfter)
        case .failed(let message): try container.encode(message, forKey: .error)
        }
    }
}

extension ChangeSummary: Encodable {
    private enum Key: String, CodingKey {
        case terraform, kubernetes, releases, knownAfter, failed, notPreviewed, changes
    }

    private struct Kubernetes: Encodable {
        var create: Int
        var change: Int
        var unchanged: Int
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        // Every action, zero or not: CI reads `.summary.terraform.create` without a default.
        var counts: [String: Int] = [:]
        for action in ResourceChange.Action.allCases { counts[action.rawValue] = terraform[action] ?? 0 }
        try container.encode(counts, forKey: .terraform)
        try container.encode(Kubernetes(create: kubernetesCreate, change: kubernetesChange, unchanged: kubernetesUnchanged), forKey: .kubernetes)
        try container.encode(releases, forKey: .releases)
        try container.encode(knownAfter, forKey: .knownAfter)
        try container.encode(failed, forKey: .failed)
        try container.encode(notPreviewed, forKey: .notPreviewed)
        try container.encode(hasChanges, forKey: .changes)
    }
}
