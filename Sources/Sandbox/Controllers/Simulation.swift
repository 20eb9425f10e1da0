import Foundation

/// All simulated controllers, run together until the cluster settles. Deterministic given the
/// store and `now`, so tests drive it with their own clock.
public struct Simulation: Sendable {
    public var settings: SimulationSettings
    private var pods = PodSimulator()

    public init(settings: SimulationSettings = SimulationSettings()) {
        self.settings = settings
    }

    /// Runs the controllers until nothing changes (bounded, in case two of them disagree).
    public mutating func reconcile(_ store: inout ObjectStore, now: Date = Date()) {
        for _ in 0..<50 {
            var changed = pods.reconcile(&store, settings: settings, now: now)
            changed = DeploymentController.reconcile(&store, now: now) || changed
            changed = ReplicaSetController.reconcile(&store, settings: settings) || changed
            changed = StatefulSetController.reconcile(&store, settings: settings) || changed
            changed = JobController.reconcile(&store, settings: settings, now: now) || changed
            changed = GarbageCollector.reconcile(&store) || changed
            if !changed { return }
        }
    }

    /// When a pending pod will start, so the cluster knows when to reconcile again.
    public var nextPodStart: Date? { pods.nextStart }
}
