import Foundation
import PlanModel

/// What Bosun saw of a deployment at one moment of a step: its revision and images, and whether
/// its rollout was complete (every replica updated and available).
package struct DeploymentObservation: Sendable, Hashable {
    package var deployment: DeploymentRef
    package var moment: ReleaseMoment
    /// False when the deployment did not exist (yet).
    package var exists: Bool
    /// `deployment.kubernetes.io/revision`; nil before the controller set it.
    package var revision: String?
    package var images: [String: String]
    package var rolledOut: Bool

    package init(deployment: DeploymentRef, moment: ReleaseMoment, exists: Bool, revision: String?, images: [String: String], rolledOut: Bool) {
        self.deployment = deployment
        self.moment = moment
        self.exists = exists
        self.revision = revision
        self.images = images
        self.rolledOut = rolledOut
    }

    /// Reads `kubectl get deployment D --ignore-not-found -o json` (empty output: no such deployment).
    package static func parse(_ output: String, deployment: DeploymentRef, moment: ReleaseMoment) throws(ReadingError) -> DeploymentObservation {
        let trimmed = output.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            return DeploymentObservation(deployment: deployment, moment: moment, exists: false, revision: nil, images: [:], rolledOut: false)
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else {
            throw ReadingError("kubectl did not print a deployment as JSON")
        }
        let metadata = object["metadata"] as? [String: Any] ?? [:]
        let spec = object["spec"] as? [String: Any] ?? [:]
        let status = object["status"] as? [String: Any] ?? [:]
        let annotations = metadata["annotations"] as? [String: String] ?? [:]
        let wanted = spec["replicas"] as? Int ?? 1
        let generation = metadata["generation"] as? Int ?? 0
        // What `kubectl rollout status` waits for: the controller saw the newest spec, and every
        // replica runs it and is available (no old replica left).
        let rolledOut = (status["observedGeneration"] as? Int ?? 0) >= generation
            && (status["updatedReplicas"] as? Int ?? 0) >= wanted
            && (status["availableReplicas"] as? Int ?? 0) >= wanted
            && (status["replicas"] as? Int ?? 0) <= wanted
        return DeploymentObservation(
            deployment: deployment, moment: moment, exists: true, revision: annotations["deployment.kubernetes.io/revision"],
            images: RevisionHistory.images(ofTemplateIn: spec), rolledOut: rolledOut)
    }

    /// One line for logs: `deployment/user-service: revision 2, user-service=registry/user-service:v1.1.0 (rolled out)`.
    package var summary: String {
        guard exists else { return "\(deployment): does not exist" }
        return "\(deployment.description): revision \(revision ?? "?"), \(ImageSet(images).fingerprint)"
            + (rolledOut ? " (rolled out)" : " (rollout not complete)")
    }
}

/// Output Bosun could not read as what it expected.
package struct ReadingError: Error, CustomStringConvertible {
    package let description: String
    init(_ description: String) { self.description = description }
}
