import PlanModel
import Synchronization

/// One deployment a run touched, as its journal records it: the release live before the run
/// first changed it, the one that failed (when a step failed on it), and the one left running.
package struct DeploymentRelease: Sendable, Hashable {
    package var deployment: DeploymentRef
    /// The steps that touched it, in the order they did.
    package var steps: [String]
    package var before: ReleaseSnapshot?
    package var failed: ReleaseSnapshot?
    package var after: ReleaseSnapshot?

    /// Whether what runs now differs from what ran before, with no later look at it: the step
    /// that changed it stopped half-way.
    package var unconfirmed: Bool { after == nil && before != nil }

    /// Whether the run left it other than it found it (another revision or other images).
    var changed: Bool {
        guard let before else { return false }
        guard let after else { return true }
        return before.exists != after.exists || before.images != after.images
    }
}

/// A deployment's release at one moment.
package struct ReleaseSnapshot: Sendable, Hashable {
    package var exists: Bool
    package var revision: String?
    package var images: [String: String]
    /// Bosun saw it fully rolled out after a step that succeeded or an undo that did.
    package var healthy: Bool

    init(_ observation: DeploymentObservation) {
        exists = observation.exists
        revision = observation.revision
        images = observation.images
        healthy = observation.moment == .after && observation.exists && observation.rolledOut
    }

    /// For people: `revision 2 (registry/user-service:v1.1.0)`, or `absent`.
    package var text: String {
        exists ? "revision \(revision ?? "?") (\(ImageSet(images).shortText))" : "absent"
    }
}

extension DeploymentRelease {
    /// Folds the observations of a run, in the order they were made, into one record per deployment.
    static func fold(_ observations: [(step: String, observation: DeploymentObservation)]) -> [DeploymentRelease] {
        var releases: [String: DeploymentRelease] = [:]
        var order: [String] = []
        for (step, observation) in observations {
            let key = observation.deployment.key
            if releases[key] == nil {
                releases[key] = DeploymentRelease(deployment: observation.deployment, steps: [])
                order.append(key)
            }
            var release = releases[key]!
            if release.steps.last != step { release.steps.append(step) }
            let snapshot = ReleaseSnapshot(observation)
            switch observation.moment {
            case .before:
                // The first look is the release that was live; later ones only see this run's changes.
                if release.before == nil { release.before = snapshot }
                release.after = nil
            case .failed: release.failed = snapshot
            case .after: release.after = snapshot
            }
            releases[key] = release
        }
        return order.map { releases[$0]! }
    }
}

/// The deployments of one run as it goes: what steps saw, and the revision each deployment had
/// before the run first touched it (what a failed rollout returns to, whichever step changed it).
final class ReleaseLedger: Sendable {
    private let observations = Mutex<[(step: String, observation: DeploymentObservation)]>([])

    func record(_ observation: DeploymentObservation, step: String) {
        observations.withLock { $0.append((step, observation)) }
    }

    /// `revision-before:<namespace>/<name>` for every deployment that existed before the run touched it.
    var captures: [String: String] {
        observations.withLock { observations in
            var captures: [String: String] = [:]
            var seen = Set<String>()
            // Only the first look counts: a deployment this run created had no release to return to.
            for (_, observation) in observations where observation.moment == .before && seen.insert(observation.deployment.key).inserted {
                if observation.exists, let revision = observation.revision {
                    captures[ReleaseCapture.revisionBefore(observation.deployment)] = revision
                }
            }
            return captures
        }
    }

    var releases: [DeploymentRelease] { DeploymentRelease.fold(observations.withLock { $0 }) }
}
