import Foundation
import Testing

/// `bosun plan --live` through a provider's connect and credential, the same for every provider:
/// a sandbox holding part of a plan's state behind the API server stand-in, a preview of a new
/// release that must report each step's change and write nothing, then a preview of the live
/// release that must report none.
struct LivePreviewScenario {
    /// The plan's steps: a namespace with a label, a Deployment whose image is `${version}`, and
    /// a rollout of it to `${version}` (from the same variable, as `validate` wants).
    static func plan(environment: String) -> String {
        """
        plan: preview-demo
        namespace: shop
        vars:
          version: v1
        environments:
          \(environment)
        phases:
          - name: cluster
            steps:
              - { id: connect, connect: cluster }
              - { id: shop-namespace, namespace: shop, labels: { team: web } }
              - { id: web, apply: web.yaml, render: true }
              - { id: release-web, rollout: { deployment: web, image: "web=registry.test/web:${version}", timeout: 60s } }

        """
    }

    static let files = ["web.yaml": deployment(image: "registry.test/web:${version}")]

    static func deployment(image: String) -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: web, namespace: shop }
        spec:
          replicas: 1
          selector: { matchLabels: { app: web } }
          template:
            metadata: { labels: { app: web } }
            spec:
              containers: [{ name: web, image: "\(image)" }]

        """
    }

    let cluster: SimulatedCluster
    /// The plan's environment whose API server is the stand-in in front of `cluster`.
    let environment: String
    /// What the stand-in logs for the provider's credential (`eks-token`, `static-token`).
    let credential: String
    let bosun: ([String]) async throws -> CLI.Result
    /// The stand-in's request log (JSON lines).
    let apiRequests: () throws -> String

    func run() async throws {
        try await prepareState()
        let before = try await cluster.settledResourceVersions()
        try await previewNewRelease()
        #expect(try await cluster.settledResourceVersions() == before, "the preview changed no object")
        try checkRequests()

        // The namespace as the plan wants it: a preview of the live release now changes nothing.
        try await cluster.kubectl(["label", "namespace", "shop", "team=web"])
        let labelled = try await cluster.settledResourceVersions()
        try await previewLiveRelease()
        #expect(try await cluster.settledResourceVersions() == labelled, "the preview changed no object")
    }

    /// What an earlier deploy left: the namespace without the label, the Deployment at v1, applied
    /// as Bosun's apply step does (client-side).
    private func prepareState() async throws {
        try await cluster.kubectl(["create", "namespace", "shop"])
        try await cluster.kubectl(["apply", "-f", "-"], stdin: Self.deployment(image: "registry.test/web:v1"))
        try await cluster.kubectl(["--namespace", "shop", "rollout", "status", "deployment/web", "--timeout=30s"])
    }

    private func preview(version: String) async throws -> (CLI.Result, Report) {
        let result = try await bosun(["plan", "plan.yaml", "--env", environment, "--live", "--format", "json",
                                      "--detailed-exitcode", "--set", "version=\(version)"])
        return (result, try Report(result))
    }

    private func previewNewRelease() async throws {
        let (result, report) = try await preview(version: "v2")
        #expect(result.status == 5, "changes present: \(result.output)")
        #expect(report.document["changes"] as? Bool == true && report.document["complete"] as? Bool == true)
        #expect(report.status("connect") == "runs", "\(result.stdout)")

        #expect(report.status("shop-namespace") == "changes")
        let namespace = report.step("shop-namespace")["namespace"] as? [String: Any]
        #expect(namespace?["exists"] as? Bool == true)
        #expect(namespace?["added"] as? [String: String] == ["team": "web"], "\(result.stdout)")

        #expect(report.status("web") == "changes")
        let objects = report.step("web")["kubernetes"] as? [[String: Any]] ?? []
        #expect(objects.map { "\($0["kind"] ?? "")/\($0["name"] ?? "") \($0["action"] ?? "")" } == ["Deployment/web change"], "\(result.stdout)")
        let images = objects.first?["images"] as? [[String: String]]
        #expect(images == [["container": "web", "from": "registry.test/web:v1", "to": "registry.test/web:v2"]], "\(result.stdout)")

        #expect(report.status("release-web") == "changes")
        let release = report.step("release-web")["release"] as? [String: Any]
        #expect(release?["currentImage"] as? String == "registry.test/web:v1", "\(result.stdout)")
        #expect(release?["newImage"] as? String == "registry.test/web:v2")
        #expect(release?["currentRevision"] as? Int == 1)

        #expect(report.summary("releases") as? [[String: String]] ==
                [["deployment": "shop/web", "container": "web", "from": "registry.test/web:v1", "to": "registry.test/web:v2"]])
        #expect(report.summary("kubernetes") as? [String: Int] == ["create": 0, "change": 2, "unchanged": 0], "the namespace and the Deployment")
    }

    private func previewLiveRelease() async throws {
        let (result, report) = try await preview(version: "v1")
        #expect(result.status == 0, "no changes: \(result.output)")
        #expect(report.document["changes"] as? Bool == false && report.document["complete"] as? Bool == true)
        #expect(report.status("connect") == "runs")
        for step in ["shop-namespace", "web", "release-web"] {
            #expect(report.status(step) == "no-changes", "\(step): \(result.stdout)")
        }
        #expect(report.summary("releases") as? [[String: String]] == [])
        #expect(report.summary("kubernetes") as? [String: Int] == ["create": 0, "change": 0, "unchanged": 2])
    }

    /// kubectl's reads and diffs went through the stand-in with the provider's credential, and
    /// every request that was not a read was a dry run.
    private func checkRequests() throws {
        let requests = try apiRequests().split(separator: "\n").compactMap {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String]
        }
        let log = requests.map { "\($0["method"] ?? "") \($0["path"] ?? "") \($0["credential"] ?? "")" }.joined(separator: "\n")
        #expect(!requests.isEmpty && requests.allSatisfy { $0["credential"] == credential }, "\(log)")
        #expect(log.contains("GET /api/v1/namespaces/shop \(credential)"), "the namespace step's read: \(log)")
        #expect(log.contains("GET /apis/apps/v1/namespaces/shop/deployments/web \(credential)"), "the rollout's read: \(log)")
        #expect(log.contains(#/PATCH /apis/apps/v1/namespaces/shop/deployments/web\?\S*dryRun=All/#), "the apply step's diff: \(log)")
        let writes = requests.filter { !["GET", "HEAD"].contains($0["method"]) }
        #expect(writes.allSatisfy { $0["path"]?.contains("dryRun=All") == true }, "\(log)")
    }

    /// The `--format json` document (docs/preview.md).
    struct Report {
        let document: [String: Any]

        init(_ result: CLI.Result) throws {
            guard let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
                throw TestTools.Missing(description: "bosun plan --live printed no JSON document: \(result.output)")
            }
            document = object
        }

        func step(_ id: String) -> [String: Any] {
            (document["steps"] as? [[String: Any]])?.first { $0["id"] as? String == id } ?? [:]
        }

        func status(_ id: String) -> String? { step(id)["status"] as? String }

        func summary(_ key: String) -> Any? { (document["summary"] as? [String: Any])?[key] }
    }
}
