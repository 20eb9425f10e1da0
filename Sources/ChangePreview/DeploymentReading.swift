import Execution
import PlanModel

/// A rollout step's release: the deployment as `kubectl get deployment -o json` printed it, read
/// as the release record reads it (``DeploymentObservation``).
enum DeploymentReading {
    enum Result {
        case release(ReleaseChange)
        /// Printed nothing: the deployment does not exist (`--ignore-not-found`).
        case missing
        /// It exists, without the container the rollout names (its containers, sorted).
        case noContainer([String])
        case unreadable
    }

    static func release(of rollout: RolloutIntent, live json: String) -> Result {
        guard let observed = try? DeploymentObservation.parse(json, deployment: rollout.deployment, moment: .before) else { return .unreadable }
        guard observed.exists else { return .missing }
        // `kubectl set image deployment/d *=IMAGE` sets every container: the first by name stands for them.
        let every = rollout.container.isEmpty || rollout.container == "*"
        let container = every ? observed.images.keys.sorted().first : rollout.container
        guard let container, let current = observed.images[container] else { return .noContainer(observed.images.keys.sorted()) }
        return .release(ReleaseChange(
            deployment: rollout.deployment.name, namespace: rollout.deployment.namespace, container: every ? container : rollout.container,
            currentImage: current, currentRevision: observed.revision.flatMap { Int($0) }, newImage: rollout.image))
    }
}
