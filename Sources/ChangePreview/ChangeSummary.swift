/// The counts of a preview's summary line: "terraform: 2 to add, 1 to change; kubernetes: 3 to
/// create, 2 to change; releases: user-service v1.1.0 → v1.2.0". A Terraform address or a
/// Kubernetes object that several steps touch counts once.
package struct ChangeSummary: Sendable, Hashable {
    /// Unique addresses by action (only each step's own target: a dependency counts at its step).
    package var terraform: [ResourceChange.Action: Int] = [:]
    package var kubernetesCreate = 0
    package var kubernetesChange = 0
    package var kubernetesUnchanged = 0
    /// Each deployment's release that would change, in the order the steps change them.
    package var releases: [Release] = []
    /// Steps whose changes are known only after an earlier step runs.
    package var knownAfter = 0
    /// Steps that could not be previewed.
    package var failed = 0
    /// Steps that run without a preview (connect, check, approve, run).
    package var notPreviewed = 0

    package struct Release: Sendable, Encodable, Hashable {
        /// `namespace/name` of the deployment.
        package var deployment: String
        package var container: String
        package var from: String?
        package var to: String
    }

    init(_ report: ChangeReport) {
        var addresses: [String: ResourceChange.Action] = [:]
        var objects: [String: ObjectChange.Action] = [:]
        var releaseIndex: [String: Int] = [:]
        func release(_ deployment: String, _ container: String, from: String?, to: String) {
            let key = deployment + "\u{0}" + container
            if let index = releaseIndex[key] {
                // A later step of the same run moves it again: from the live image to the last one.
                releases[index].to = to
            } else {
                releaseIndex[key] = releases.count
                releases.append(Release(deployment: deployment, container: container, from: from, to: to))
            }
        }
        for step in report.steps {
            switch step.outcome {
            case .terraform(let changes):
                for change in changes where change.inTarget { addresses[change.address] = change.action }
            case .kubernetes(let changes):
                for change in changes {
                    let key = change.shownName
                    // The strongest of what steps do to it: a create, then a change, then nothing.
                    if objects[key] == nil || objects[key] == .unchanged || change.action == .create { objects[key] = change.action }
                    guard change.kind == "Deployment" else { continue }
                    for image in change.images {
                        release((change.namespace ?? "default") + "/" + change.name, image.container, from: image.from, to: image.to)
                    }
                }
            case .release(let rollout):
                let key = (rollout.namespace ?? "default") + "/" + rollout.deployment
                if rollout.changes || releaseIndex[key + "\u{0}" + rollout.container] != nil {
                    release(key, rollout.container, from: rollout.currentImage, to: rollout.newImage)
                }
            case .namespace(let namespace):
                objects["Namespace " + namespace.name] = namespace.exists ? (namespace.changes ? .change : .unchanged) : .create
            case .runs: notPreviewed += 1
            case .knownAfter: knownAfter += 1
            case .failed: failed += 1
            }
        }
        for action in addresses.values { terraform[action, default: 0] += 1 }
        for action in objects.values {
            switch action {
            case .create: kubernetesCreate += 1
            case .change: kubernetesChange += 1
            case .unchanged: kubernetesUnchanged += 1
            }
        }
        // A release whose last step brings it back where it was is no change.
        releases.removeAll { $0.from == $0.to }
    }

    package var terraformChanges: Int { terraform.filter { $0.key != .read }.values.reduce(0, +) }

    package var hasChanges: Bool {
        terraformChanges > 0 || kubernetesCreate > 0 || kubernetesChange > 0 || !releases.isEmpty || knownAfter > 0
    }
}
