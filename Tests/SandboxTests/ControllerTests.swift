import Foundation
import Testing
@testable import Sandbox

@Suite("Sandbox simulated controllers")
struct ControllerTests {
    private func setImage(_ cluster: inout SimulatedCluster, _ image: String) throws {
        try cluster.update(.deployments, "web") { $0[path: ["spec", "template", "spec", "containers"]] = [["name": "web", "image": .string(image)]] }
    }

    @Test("a deployment's pods exist at once and become Ready after the delay; then it is Available and complete")
    func readiness() throws {
        var cluster = try SimulatedCluster(readyDelay: 1)
        try cluster.create(SimulatedCluster.deployment("web", image: "web:1"), as: .deployments)
        #expect(cluster.list(.pods).count == 2)
        #expect(cluster.list(.pods).allSatisfy { !$0.isPodReady })
        #expect(cluster.get(.deployments, "web").status("readyReplicas") == 0)
        cluster.advance(1.5)
        let deployment = cluster.get(.deployments, "web")
        #expect(cluster.list(.pods).allSatisfy { $0.isPodReady })
        #expect(deployment.status("availableReplicas") == 2 && deployment.status("updatedReplicas") == 2)
        #expect(deployment.status("observedGeneration") == deployment.generation)
        #expect(deployment.condition("Available")?["status"] == "True")
        #expect(deployment.condition("Progressing")?["reason"] == "NewReplicaSetAvailable")
    }

    @Test("each new template gets a ReplicaSet named by its hash with the next revision")
    func revisions() throws {
        var cluster = try SimulatedCluster()
        try cluster.create(SimulatedCluster.deployment("web", image: "web:1"), as: .deployments)
        cluster.advance(1.5)
        try setImage(&cluster, "web:2")
        cluster.advance(3)
        let sets = cluster.list(.replicaSets).sorted { DeploymentController.revision($0) < DeploymentController.revision($1) }
        #expect(sets.map(DeploymentController.revision) == [1, 2])
        #expect(sets.map(\.specReplicas) == [0, 2])
        #expect(sets.allSatisfy { $0.name == "web-\($0.labels["pod-template-hash"]!)" })
        #expect(cluster.get(.deployments, "web").annotations["deployment.kubernetes.io/revision"] == "2")
        #expect(cluster.list(.pods).allSatisfy { $0.labels["pod-template-hash"] == sets[1].labels["pod-template-hash"] })
    }

    @Test("going back to an earlier template reuses its ReplicaSet under a new revision")
    func rollbackRevision() throws {
        var cluster = try SimulatedCluster()
        try cluster.create(SimulatedCluster.deployment("web", image: "web:1"), as: .deployments)
        cluster.advance(1.5)
        try setImage(&cluster, "web:2")
        cluster.advance(3)
        try setImage(&cluster, "web:1")
        cluster.advance(3)
        let revisions = cluster.list(.replicaSets).map { ($0[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["image"], DeploymentController.revision($0)) }
        #expect(revisions.count == 2)
        #expect(revisions.contains { $0.0 == "web:1" && $0.1 == 3 })
        #expect(revisions.contains { $0.0 == "web:2" && $0.1 == 2 })
    }

    @Test("a bad image never becomes Ready; with maxUnavailable 0 the old pods keep serving")
    func badImage() throws {
        var cluster = try SimulatedCluster()
        try cluster.create(SimulatedCluster.deployment("web", image: "web:1"), as: .deployments)
        cluster.advance(1.5)
        try setImage(&cluster, "web:broken")
        cluster.advance(10)
        let deployment = cluster.get(.deployments, "web")
        #expect(deployment.status("updatedReplicas") == 1)
        #expect(deployment.status("replicas") == 3)
        #expect(deployment.status("availableReplicas") == 2)
        #expect(deployment.condition("Available")?["status"] == "True")
        #expect(deployment.condition("Progressing")?["reason"] == "ReplicaSetUpdated")
        let badPod = cluster.list(.pods).first { $0[path: ["spec", "containers"]]?.arrayValue?.first?["image"] == "web:broken" }
        #expect(badPod?.podPhase == "Running" && badPod?.isPodReady == false)
    }

    @Test("a stuck rollout passes its progress deadline")
    func progressDeadline() throws {
        var cluster = try SimulatedCluster()
        var deployment = SimulatedCluster.deployment("web", image: "web:1")
        deployment[path: ["spec", "progressDeadlineSeconds"]] = 5
        try cluster.create(deployment, as: .deployments)
        cluster.advance(1.5)
        try setImage(&cluster, "web-bad")
        cluster.advance(8)
        let progressing = cluster.get(.deployments, "web").condition("Progressing")
        #expect(progressing?["status"] == "False" && progressing?["reason"] == "ProgressDeadlineExceeded")
    }

    @Test("scaling down removes pods; deleting the deployment removes its ReplicaSets and pods")
    func scaleAndDelete() throws {
        var cluster = try SimulatedCluster()
        try cluster.create(SimulatedCluster.deployment("web", image: "web:1", replicas: 3), as: .deployments)
        cluster.advance(1.5)
        try cluster.update(.deployments, "web") { $0[path: ["spec", "replicas"]] = 1 }
        #expect(cluster.list(.pods).count == 1)
        try cluster.store.delete(.deployments, namespace: "shop", name: "web")
        cluster.advance(0.5)
        #expect(cluster.list(.replicaSets).isEmpty && cluster.list(.pods).isEmpty)
    }

    @Test("a StatefulSet makes ordinal pods one after the other")
    func statefulSet() throws {
        var cluster = try SimulatedCluster()
        try cluster.create([
            "metadata": ["name": "db", "namespace": "shop"],
            "spec": ["replicas": 2, "selector": ["matchLabels": ["app": "db"]],
                     "template": ["metadata": ["labels": ["app": "db"]], "spec": ["containers": [["name": "db", "image": "postgres:16"]]]]],
        ], as: .statefulSets)
        #expect(cluster.list(.pods).map(\.name) == ["db-0"])
        cluster.advance(1.5)
        #expect(cluster.list(.pods).map(\.name) == ["db-0", "db-1"])
        cluster.advance(1.5)
        let set = cluster.get(.statefulSets, "db")
        #expect(set.status("readyReplicas") == 2)
        #expect(set[path: ["status", "currentRevision"]] == set[path: ["status", "updateRevision"]])
    }

    @Test("a Job's pod succeeds after the delay and the Job is Complete")
    func job() throws {
        var cluster = try SimulatedCluster()
        try cluster.create([
            "metadata": ["name": "migrate", "namespace": "shop"],
            "spec": ["template": ["spec": ["restartPolicy": "Never", "containers": [["name": "m", "image": "migrate:1"]]]]],
        ], as: .jobs)
        #expect(cluster.get(.jobs, "migrate").condition("Complete") == nil)
        cluster.advance(1.5)
        #expect(cluster.get(.jobs, "migrate").condition("Complete")?["status"] == "True")
        #expect(cluster.list(.pods).first?.labels["job-name"] == "migrate")
    }

    @Test("pods in a namespace labelled istio-injection=enabled get an istio-proxy container")
    func sidecar() throws {
        var cluster = try SimulatedCluster(namespaceLabels: ["istio-injection": "enabled"])
        try cluster.create(SimulatedCluster.deployment("web", image: "web:1", replicas: 1), as: .deployments)
        let names = cluster.list(.pods).first?[path: ["spec", "containers"]]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["web", "istio-proxy"])
        #expect(cluster.list(.replicaSets).count == 1, "the injection changes pods, not the template")
    }

    @Test("rolling update arithmetic follows maxSurge and maxUnavailable")
    func rollingArithmetic() {
        let plan = RollingUpdate(desired: 4, strategy: ["maxSurge": "25%", "maxUnavailable": "25%"])
        #expect(plan.maxSurge == 1 && plan.maxUnavailable == 1)
        #expect(plan.newReplicas(new: .init(replicas: 0, available: 0), old: [.init(replicas: 4, available: 4)]) == 1)
        #expect(plan.oldReplicas(new: .init(replicas: 1, available: 0), old: [.init(replicas: 4, available: 4)]) == [3])
        let strict = RollingUpdate(desired: 2, strategy: ["maxSurge": 1, "maxUnavailable": 0])
        #expect(strict.oldReplicas(new: .init(replicas: 1, available: 0), old: [.init(replicas: 2, available: 2)]) == [2])
        #expect(RollingUpdate(desired: 3, strategy: ["maxSurge": 0, "maxUnavailable": 0]).maxUnavailable == 1)
    }

    @Test("bad-image globs")
    func globs() {
        let settings = SimulationSettings()
        #expect(settings.isBad(image: "registry/user-service:broken"))
        #expect(settings.isBad(image: "registry/user-service:broken-1.2"))
        #expect(settings.isBad(image: "registry/user-service:v1.2.0-bad"))
        #expect(!settings.isBad(image: "registry/user-service:v1.2.0"))
    }
}

@Suite("Sandbox rollback templates")
struct RollbackTemplateTests {
    @Test("a template sent back through Go types (null creationTimestamp, empty resources) matches its ReplicaSet")
    func goSpelling() throws {
        var cluster = try SimulatedCluster()
        try cluster.create(SimulatedCluster.deployment("web", image: "web:1"), as: .deployments)
        try cluster.update(.deployments, "web") { $0[path: ["spec", "template", "spec", "containers"]] = [["name": "web", "image": "web:2"]] }
        try cluster.update(.deployments, "web") {
            $0[path: ["spec", "template"]] = [
                "metadata": ["labels": ["app": "web"], "creationTimestamp": nil],
                "spec": ["containers": [["name": "web", "image": "web:1", "resources": .emptyObject]]],
            ]
        }
        #expect(cluster.list(.replicaSets).count == 2)
        #expect(cluster.list(.replicaSets).map(DeploymentController.revision).sorted() == [2, 3])
    }
}
