import Foundation

/// All simulated controllers, run together until the cluster settles. Deterministic given the
/// store and `now`, so tests drive it with their own clock.
package struct Simulation: Sendable {
    package var settings: SimulationSettings
    private var pods = PodSimulator()

    package init(settings: SimulationSettings = SimulationSettings()) {
        self.settings = settings
    }

    /// Runs the controllers until nothing changes (bounded, in case two of them disagree).
    /// Returns false when the bound was reached with work left.
    @discardableResult
    package mutating func reconcile(_ store: inout ObjectStore, now: Date = Date()) -> Bool {
        for _ in 0..<50 {
            var changed = pods.reconcile(&store, settings: settings, now: now)
            changed = DeploymentController.reconcile(&store, now: now) || changed
            changed = ReplicaSetController.reconcile(&store, settings: settings) || changed
            changed = StatefulSetController.reconcile(&store, settings: settings) || changed
            changed = JobController.reconcile(&store, settings: settings, now: now) || changed
            changed = GarbageCollector.reconcile(&store) || changed
            if !changed { return true }
        }
        return false
    }

    /// When a pending pod will start, so the cluster knows when to reconcile again.
    var nextPodStart: Date? { pods.nextStart }

    /// The next moment after `now` at which the controllers would change something with no
    /// request coming in: a pending pod starting, or a stalled rollout passing its progress
    /// deadline. Nil when the cluster is settled: nothing needs to run until the next write.
    package func nextDue(in store: ObjectStore, after now: Date) -> Date? {
        let deadlines = store.list(ObjectQuery(.deployments))
            .filter { $0[path: ["spec", "paused"]]?.boolValue != true }
            .compactMap(DeploymentStatus.progressDeadline)
        return (deadlines + pods.startTimes.values).filter { $0 > now }.min()
    }
}
