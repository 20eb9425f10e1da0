import Foundation
import Testing
@testable import Sandbox

/// The cluster's clock runs the controllers when something is due (a pod to start, a rollout's
/// deadline) and not otherwise. The server used to run every controller over every object each
/// 50 ms, which with ~50 deployments kept a core busy while idle and queued requests behind it.
@Suite("Sandbox cluster clock")
struct ClusterClockTests {
    private static func deployment(image: String, deadline: Int? = nil) -> JSON {
        var object = SimulatedCluster.deployment("web", image: image)
        object[path: ["metadata", "namespace"]] = "default"
        if let deadline { object[path: ["spec", "progressDeadlineSeconds"]] = .int(deadline) }
        return object
    }

    /// Polls until `condition` holds or `seconds` pass (a bound for slow machines, not a speed target).
    private func eventually(within seconds: Double = 20, _ condition: () async throws -> Bool) async throws -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await condition()
    }

    @Test("with its clock started, a cluster makes pods Ready by itself and then runs no controller until something changes")
    func settledClusterSleeps() async throws {
        let cluster = Cluster(settings: SimulationSettings(readyDelay: 0.05))
        await cluster.startClock()
        defer { Task { await cluster.stopClock() } }
        _ = try await cluster.create(Self.deployment(image: "web:1"), as: .deployments)
        let ready = try await eventually {
            try await cluster.get(.deployments, namespace: "default", name: "web").status("availableReplicas") == 2
        }
        #expect(ready)
        #expect(await cluster.nextWake == nil)
        let passes = await cluster.reconcilePasses
        try await Task.sleep(for: .milliseconds(300))
        #expect(await cluster.reconcilePasses == passes, "nothing was due, so the controllers must not have run")

        _ = try await cluster.replace(try await cluster.get(.deployments, namespace: "default", name: "web"), as: .deployments)
        #expect(await cluster.reconcilePasses == passes + 1, "a write runs the controllers once")
    }

    @Test("the clock wakes for a stalled rollout's progress deadline")
    func deadlineWakes() async throws {
        let cluster = Cluster(settings: SimulationSettings(readyDelay: 0.05))
        await cluster.startClock()
        defer { Task { await cluster.stopClock() } }
        _ = try await cluster.create(Self.deployment(image: "web-bad", deadline: 1), as: .deployments)
        let exceeded = try await eventually {
            try await cluster.get(.deployments, namespace: "default", name: "web").condition("Progressing")?["reason"]
                == "ProgressDeadlineExceeded"
        }
        #expect(exceeded)
        #expect(await cluster.nextWake == nil)
    }

    @Test("what is due: pending pods' start, then nothing once settled")
    func dueForPods() throws {
        var cluster = try SimulatedCluster(readyDelay: 1)
        try cluster.create(SimulatedCluster.deployment("web", image: "web:1"), as: .deployments)
        #expect(cluster.simulation.nextDue(in: cluster.store, after: cluster.now) == cluster.now.addingTimeInterval(1))
        cluster.advance(1.5)
        #expect(cluster.simulation.nextDue(in: cluster.store, after: cluster.now) == nil)
    }

    @Test("what is due: a stalled rollout's deadline, then nothing once it has passed")
    func dueForDeadline() throws {
        var cluster = try SimulatedCluster(readyDelay: 1)
        var deployment = SimulatedCluster.deployment("web", image: "web-bad")
        deployment[path: ["spec", "progressDeadlineSeconds"]] = 5
        try cluster.create(deployment, as: .deployments)
        cluster.advance(1.5)
        let due = try #require(cluster.simulation.nextDue(in: cluster.store, after: cluster.now))
        #expect(abs(due.timeIntervalSince(cluster.now.addingTimeInterval(3.5))) <= 1, "lastUpdateTime has whole seconds")
        cluster.advance(6)
        #expect(cluster.get(.deployments, "web").condition("Progressing")?["reason"] == "ProgressDeadlineExceeded")
        #expect(cluster.simulation.nextDue(in: cluster.store, after: cluster.now) == nil)
    }

    @Test("a pod deleted while pending is not due any more")
    func deletedPendingPod() throws {
        var cluster = try SimulatedCluster(readyDelay: 1)
        try cluster.create(["metadata": ["name": "one", "namespace": "shop"], "spec": ["containers": [["name": "a", "image": "a:1"]]]],
                           as: .pods)
        #expect(cluster.simulation.nextDue(in: cluster.store, after: cluster.now) != nil)
        try cluster.store.delete(.pods, namespace: "shop", name: "one")
        cluster.simulation.reconcile(&cluster.store, now: cluster.now)
        #expect(cluster.simulation.nextDue(in: cluster.store, after: cluster.now) == nil)
    }
}
