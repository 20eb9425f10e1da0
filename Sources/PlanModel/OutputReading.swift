/// What Bosun reads out of a command's standard output, for the release record and rollbacks.
package enum OutputReading: Sendable, Hashable, Codable {
    /// `kubectl get deployment D --ignore-not-found -o json`: the deployment's state at `moment`
    /// of the step. `required`: a deployment that does not exist fails the step (nothing changed yet).
    case deployment(DeploymentRef, moment: ReleaseMoment, required: Bool)
    /// `kubectl get replicasets -o json`: the deployment's revisions, from which the revision to
    /// return to is chosen and kept as capture ``ReleaseCapture/rollbackTarget``.
    case revisions(RevisionChoice)
}

/// When in a step a deployment was looked at.
package enum ReleaseMoment: String, Sendable, Hashable, Codable {
    /// Before the step changed anything: the first of these in a run is the release that was live.
    case before
    /// After the step failed, before it was undone: the release that did not become healthy.
    case failed
    /// After the step, or after its undo: the release left running.
    case after
}

/// How `bosun rollback --service` picks the revision to return to.
package struct RevisionChoice: Sendable, Hashable, Codable {
    package var deployment: DeploymentRef
    /// `--to-revision N`; nil: the newest revision before the live one that Bosun saw healthy.
    package var toRevision: Int?
    /// What Bosun's journal last saw of each release of the deployment: its images
    /// (``ImageSet/fingerprint``) → healthy (true) or failed (false).
    package var verdicts: [String: Bool]

    package init(deployment: DeploymentRef, toRevision: Int?, verdicts: [String: Bool]) {
        self.deployment = deployment
        self.toRevision = toRevision
        self.verdicts = verdicts
    }
}

/// Names of values steps capture for their own later commands.
package enum ReleaseCapture {
    /// The revision a deployment was at before the run first touched it.
    package static func revisionBefore(_ deployment: DeploymentRef) -> String { "revision-before:\(deployment.key)" }
    /// The revision a service rollback returns to.
    package static let rollbackTarget = "rollback-target"
}

/// A deployment's containers and their images: what identifies one of its releases.
package struct ImageSet: Sendable, Hashable, Codable {
    /// Container name → image.
    package var images: [String: String]

    package init(_ images: [String: String]) { self.images = images }

    /// `container=image` pairs sorted by container, comma-separated: stable across revisions
    /// (a revision brought back by an undo gets a new number, not new images).
    package var fingerprint: String {
        images.keys.sorted().map { "\($0)=\(images[$0]!)" }.joined(separator: ",")
    }

    /// For people: the images alone when the containers are named like nothing in particular.
    package var shortText: String {
        images.keys.sorted().map { images[$0]! }.joined(separator: ", ")
    }
}
