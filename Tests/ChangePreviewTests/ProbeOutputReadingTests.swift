@testable import ChangePreview
import Foundation
import PlanModel
import Testing

/// The readers of what the real tools print, on output captured from them: `kubectl diff
/// --server-side` (kubectl 1.32 against the sandbox, with Bosun's KUBECTL_EXTERNAL_DIFF) and
/// `terraform show -json` (Terraform 1.0.3, null provider).
@Suite("reading kubectl diff and terraform show -json")
struct ProbeOutputReadingTests {
    static func fixture(_ name: String) throws -> String {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
        return try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
    }

    @Test("every object of a kubectl diff: created, changed with its images, unchanged, by kind, namespace and name")
    func kubectlDiff() throws {
        let objects = KubectlDiffReading.objects(in: try Self.fixture("kubectl-diff-server-side.txt"))
        #expect(objects.map(\.shownName) == [
            "Deployment ecotrack/product-service", "ConfigMap ecotrack/feature-flags", "Secret ecotrack/postgres-credentials",
            "Deployment ecotrack/order-service", "ConfigMap ecotrack/order-service-config", "Service ecotrack/order-service",
        ])
        #expect(objects.map(\.action) == [.change, .create, .change, .unchanged, .unchanged, .unchanged])
        let deployment = objects[0]
        #expect(deployment.images == [ImageChange(container: "product-service", from: "registry/product-service:v1.1.0",
                                                  to: "registry/product-service:v1.4.0")])
        let diff = try #require(deployment.diff)
        #expect(diff.contains("-        image: registry/product-service:v1.1.0\n+        image: registry/product-service:v1.4.0"))
        #expect(!diff.contains("resourceVersion"), "the sandbox's dry run keeps the resourceVersion, as a real server's does")
        #expect(diff.split(separator: "\n").count < 30, "three lines of context, not the whole object: \(diff)")
        #expect(objects[1].diff?.contains("+  checkout: \"on\"") == true, "a created object is shown whole")
        #expect(objects[3].diff == nil && objects[3].images.isEmpty)
    }

    @Test("a Secret's diff never shows its values: kubectl masks data, Bosun the last applied manifest")
    func secretMasked() throws {
        let secret = try #require(KubectlDiffReading.objects(in: try Self.fixture("kubectl-diff-server-side.txt")).first { $0.kind == "Secret" })
        let diff = try #require(secret.diff)
        #expect(diff.contains("password: '*** (before)'"))
        #expect(!diff.contains("change-me"), "the live password, kept in clear in last-applied-configuration: \(diff)")
        #expect(try Self.fixture("kubectl-diff-server-side.txt").contains("change-me"), "the fixture has it to mask")
    }

    @Test("terraform show -json: a replaced resource, dependencies outside the target left at their steps")
    func terraformReplace() throws {
        let changes = try TerraformPlanReading.changes(in: try Self.fixture("terraform-show-replace.json"), target: "module.ambassador")
        #expect(changes == [ResourceChange(address: "module.ambassador.null_resource.release", action: .replace, inTarget: true)])
    }

    @Test("terraform show -json of a target whose dependencies are not applied yet")
    func terraformCreate() throws {
        let changes = try TerraformPlanReading.changes(in: try Self.fixture("terraform-show-create.json"), target: "module.eks")
        #expect(changes.map(\.address) == ["module.eks.null_resource.cluster", "module.iam.null_resource.roles", "module.vpc.null_resource.vpc"])
        #expect(changes.map(\.inTarget) == [true, false, false])
        #expect(changes.allSatisfy { $0.action == .create })
    }

    @Test("what terraform show printed when it is not a plan is an error, not 'no changes'")
    func terraformNotJSON() {
        #expect(throws: TerraformPlanReading.Failure.self) { try TerraformPlanReading.changes(in: "", target: "module.vpc") }
    }

    @Test("a target holds its own addresses and instances, not a sibling's with the same prefix")
    func targets() {
        #expect(TerraformPlanReading.isInside("module.vpc.null_resource.a", target: "module.vpc"))
        #expect(TerraformPlanReading.isInside("aws_instance.web[0]", target: "aws_instance.web"))
        #expect(!TerraformPlanReading.isInside("module.vpc2.null_resource.a", target: "module.vpc"))
    }

    @Test("namespace labels: added, changed, and removed only when the last apply set them")
    func namespaceLabels() throws {
        let applied = #"{"apiVersion":"v1","kind":"Namespace","metadata":{"labels":{"istio-injection":"enabled","team":"a"},"name":"ecotrack"}}"#
        let live = try JSONSerialization.data(withJSONObject: ["metadata": [
            "name": "ecotrack", "labels": ["istio-injection": "enabled", "team": "a", "kubernetes.io/metadata.name": "ecotrack"],
            "annotations": ["kubectl.kubernetes.io/last-applied-configuration": applied]]])
        let change = try #require(NamespaceLabels.change(name: "ecotrack", desired: ["istio-injection": "disabled", "tier": "gold"],
                                                         live: String(decoding: live, as: UTF8.self)))
        #expect(change.exists && change.added == ["tier": "gold"] && change.removed == ["team": "a"])
        #expect(change.changed == ["istio-injection": .init(from: "enabled", to: "disabled")])
        #expect(NamespaceLabels.change(name: "new", desired: ["a": "b"], live: "\n")?.exists == false)
    }

    @Test("a rollout's release: the named container's image and the revision now")
    func rollout() throws {
        let live = #"{"metadata":{"annotations":{"deployment.kubernetes.io/revision":"4"}},"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"envoy:1"},{"name":"web","image":"registry/web:v1"}]}}}}"#
        let intent = RolloutIntent(deployment: DeploymentRef(name: "web", namespace: "shop"), container: "web", image: "registry/web:v2",
                                   timeout: nil, health: nil)
        guard case .release(let release) = DeploymentReading.release(of: intent, live: live) else { Issue.record("no release"); return }
        #expect(release.currentImage == "registry/web:v1" && release.currentRevision == 4 && release.changes)
        var other = intent
        other.container = "api"
        guard case .noContainer(let names) = DeploymentReading.release(of: other, live: live) else { Issue.record("found api"); return }
        #expect(names == ["sidecar", "web"])
        guard case .missing = DeploymentReading.release(of: intent, live: "") else { Issue.record("not missing"); return }
    }
}
