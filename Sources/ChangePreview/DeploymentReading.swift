import Foundation
import PlanModel

/// A rollout step's release: the deployment as `kubectl get deployment -o json` printed it.
enum DeploymentReading {
    enum Result {
        case release(ReleaseChange)
        /// Printed nothing: the deployment does not exist (`--ignore-not-found`).
        case missing
        /// It exists, without the container the rollout names.
        case noContainer([String])
        case unreadable
    }

    static func release(of rollout: RolloutIntent, live json: String) -> Result {
        let trimmed = json.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .missing }
        guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any] else { return .unreadable }
        let containers = ((((object["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any])?["containers"]
            as? [[String: Any]]) ?? []
        let images = containers.compactMap { container -> (String, String)? in
            guard let name = container["name"] as? String, let image = container["image"] as? String else { return nil }
            return (name, image)
        }
        // `kubectl set image deployment/d IMAGE` without `name=` (and `*=`) sets every container.
        let current = rollout.container.isEmpty || rollout.container == "*"
            ? images.first?.1 : images.first { $0.0 == rollout.container }?.1
        guard let current else { return .noContainer(images.map(\.0)) }
        let annotations = (object["metadata"] as? [String: Any])?["annotations"] as? [String: String]
        return .release(ReleaseChange(
            deployment: rollout.deployment.name, namespace: rollout.deployment.namespace,
            container: rollout.container.isEmpty ? (images.first?.0 ?? "") : rollout.container,
            currentImage: current, currentRevision: annotations?["deployment.kubernetes.io/revision"].flatMap { Int($0) },
            newImage: rollout.image))
    }
}
