import Foundation
import Testing
@testable import Sandbox

/// Admission refuses bad numbers, but the controllers must not trap on whatever is stored anyway
/// (the store takes objects as given; tests and older state write it directly). Each case here
/// trapped before, taking the sandbox and every object in it down.
@Suite("Sandbox controllers on extreme stored numbers")
struct StoredNumberTests {
    private func deployment(_ change: (inout JSON) -> Void) -> JSON {
        var object = SimulatedCluster.deployment("web", image: "web:1", replicas: 2, maxUnavailable: 1)
        change(&object)
        return object
    }

    @Test("a Deployment with out-of-range numbers in its stored spec is reconciled without a trap", arguments: [
        (["spec", "replicas"], JSON.double(1e300)),
        (["spec", "replicas"], JSON.double(-1e300)),
        (["spec", "replicas"], JSON.int(-5)),
        (["spec", "strategy", "rollingUpdate", "maxSurge"], JSON.int(.max)),
        (["spec", "strategy", "rollingUpdate", "maxUnavailable"], JSON.int(.min)),
        (["spec", "strategy", "rollingUpdate", "maxUnavailable"], JSON.string("999999999999999999999%")),
        (["spec", "strategy", "rollingUpdate", "maxSurge"], JSON.string("99999999999999999999999999%")),
        (["spec", "revisionHistoryLimit"], JSON.int(.min)),
        (["spec", "progressDeadlineSeconds"], JSON.double(1e300)),
    ])
    func deploymentSpec(_ path: [String], _ value: JSON) throws {
        var cluster = try SimulatedCluster()
        try cluster.create(deployment { $0[path: path] = value }, as: .deployments)
        cluster.advance(1.5)
        try cluster.update(.deployments, "web") { $0[path: ["spec", "template", "spec", "containers"]] = [["name": "web", "image": "web:2"]] }
        cluster.advance(3)
        let replicas = cluster.list(.replicaSets).map(\.specReplicas)
        #expect(replicas.allSatisfy { (0...Int(Int32.max)).contains($0) })
        #expect(cluster.list(.pods).count <= 4)
    }

    @Test("a revision annotation at Int.max does not overflow when the next revision is numbered")
    func revisionOverflow() throws {
        var cluster = try SimulatedCluster()
        try cluster.create(deployment { _ in }, as: .deployments)
        var replicaSet = try #require(cluster.list(.replicaSets).first)
        replicaSet.annotations[DeploymentController.revisionKey] = String(Int.max)
        try cluster.store.replace(replicaSet, as: .replicaSets)
        try cluster.update(.deployments, "web") { $0[path: ["spec", "template", "spec", "containers"]] = [["name": "web", "image": "web:2"]] }
        #expect(cluster.list(.replicaSets).count == 2)
    }

    @Test("a StatefulSet with negative or huge stored replicas is reconciled without a trap",
          arguments: [JSON.int(-1), JSON.int(.min), JSON.double(1e300), JSON.double(-1e300)])
    func statefulSetReplicas(_ replicas: JSON) throws {
        var cluster = try SimulatedCluster()
        try cluster.create([
            "metadata": ["name": "db", "namespace": "shop"],
            "spec": ["replicas": replicas, "selector": ["matchLabels": ["app": "db"]],
                     "template": ["metadata": ["labels": ["app": "db"]], "spec": ["containers": [["name": "db", "image": "postgres:16"]]]]],
        ], as: .statefulSets)
        cluster.advance(1.5)
        #expect(cluster.list(.pods).count <= 1)
    }

    @Test("a Job with huge stored completions is reconciled without a trap", arguments: [JSON.double(1e300), JSON.double(-1e300), JSON.int(.min)])
    func jobCompletions(_ completions: JSON) throws {
        var cluster = try SimulatedCluster()
        try cluster.create([
            "metadata": ["name": "migrate", "namespace": "shop"],
            "spec": ["completions": completions,
                     "template": ["spec": ["restartPolicy": "Never", "containers": [["name": "m", "image": "migrate:1"]]]]],
        ], as: .jobs)
        cluster.advance(1.5)
        #expect(cluster.list(.pods).count <= 1)
    }

    @Test("tables and the Scale view read huge numbers without a trap")
    func readViews() throws {
        let service: JSON = ["metadata": ["name": "web", "namespace": "shop"], "spec": ["ports": [["port": .double(1e300)]]]]
        let table = TableView.table(for: .services, items: [service], resourceVersion: 1)
        #expect(table["rows"]?.arrayValue?.count == 1)
        let job: JSON = ["metadata": ["name": "m"], "spec": ["completions": .double(-1e300)], "status": ["succeeded": .double(1e300)]]
        #expect(TableView.table(for: .jobs, items: [job], resourceVersion: 1)["rows"]?.arrayValue?.count == 1)
        let scale = ScaleSubresource.scale(of: ["metadata": ["name": "web"], "spec": ["replicas": .double(9.3e18)],
                                                "status": ["replicas": .double(1e300)]])
        #expect(scale[path: ["spec", "replicas"]]?.intValue != nil)
    }

    @Test("JSON numbers beyond Int are not integers, instead of trapping")
    func intValue() {
        #expect(JSON.double(1e300).intValue == nil)
        #expect(JSON.double(9_223_372_036_854_775_808).intValue == nil)
        #expect(JSON.double(-1e300).intValue == nil)
        #expect(JSON.double(.nan).intValue == nil)
        #expect(JSON.double(.infinity).intValue == nil)
        #expect(JSON.double(3).intValue == 3)
        #expect(JSON.double(2.5).intValue == nil)
    }

    @Test("a protobuf length beyond Int is a malformed message, not a trap")
    func protobufLength() {
        let hugeLength = Data([0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])
        #expect(throws: ProtobufReader.MalformedMessage.self) { try ProtobufReader.fields(hugeLength) }
    }

    @Test("rolling update arithmetic stays within int32 whatever the strategy says")
    func rollingUpdateClamps() {
        let plan = RollingUpdate(desired: Int.max, strategy: ["maxSurge": .int(.max), "maxUnavailable": "999999999999999999999%"])
        #expect(plan.desired == Int(Int32.max) && plan.maxSurge == Int(Int32.max) && plan.maxUnavailable == Int(Int32.max))
        let sizes = plan.oldReplicas(new: .init(replicas: .max, available: .max), old: [.init(replicas: .max, available: .min)])
        #expect(sizes.allSatisfy { $0 >= 0 })
        #expect(plan.newReplicas(new: .init(replicas: 0, available: 0), old: [.init(replicas: .max, available: .max)]) >= 0)
    }
}
