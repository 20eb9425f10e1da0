import Foundation
import Testing

/// `bosun plan --live` on the main example, after the deploy `make run` does, against the
/// sandbox with real Terraform and real kubectl: what a release engineer would check before a
/// merge, and that the preview changed nothing.
@Suite("the live preview of the EcoTrack plan against the sandbox", .serialized)
struct LivePreviewTests {
    typealias Workspace = LocalDeployTests.Workspace

    static let plan = "plans/ecotrack/ecotrack.yaml"
    static let terraformFolder = "plans/ecotrack/terraform/environments/local"

    private func local(_ workspace: Workspace) throws -> [String] {
        [Self.plan, "--env", "local", "--set", "domain=ecotrack.localhost:\(try workspace.port)"]
    }

    /// The release `make run` leaves: every step applied at v1.2.0.
    private func deploy(_ workspace: Workspace) async throws {
        let applied = try await workspace.bosun(["apply"] + local(workspace) + ["--yes", "--set", "version=v1.2.0"])
        try #require(applied.status == 0, "\(applied.stdout.suffix(3000))\(applied.stderr)")
    }

    private func preview(_ workspace: Workspace, _ extra: [String]) async throws -> (status: Int32, json: [String: Any], stderr: String) {
        let result = try await workspace.bosun(["plan"] + local(workspace) + ["--live", "--format", "json", "--detailed-exitcode"] + extra)
        let json = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]) ?? [:]
        return (result.status, json, result.stderr)
    }

    private static func steps(_ json: [String: Any]) -> [String: [String: Any]] {
        let steps = json["steps"] as? [[String: Any]] ?? []
        return Dictionary(steps.map { ($0["id"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Every object of every listable type in the sandbox, by kind, namespace and name → resourceVersion.
    private func resourceVersions(_ workspace: Workspace) async throws -> [String: String] {
        let types = try await workspace.kubectl(["api-resources", "--verbs=list", "-o", "name"]).split(separator: "\n").joined(separator: ",")
        let text = try await workspace.kubectl(["get", types, "-A", "-o", "json"])
        let items = (try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])?["items"] as? [[String: Any]] ?? []
        var versions: [String: String] = [:]
        for item in items {
            let metadata = item["metadata"] as? [String: Any] ?? [:]
            versions["\(item["kind"] ?? "")/\(metadata["namespace"] ?? "")/\(metadata["name"] ?? "")"] = metadata["resourceVersion"] as? String
        }
        return versions
    }

    private func state(_ workspace: Workspace) -> Data? {
        FileManager.default.contents(atPath: workspace.root + "/" + Self.terraformFolder + "/terraform.tfstate")
    }

    private static func requireTerraform() throws {
        try #require(FileManager.default.fileExists(atPath: Workspace.terraformHome + "/terraformrc"),
                     "terraform 1.0.3 is installed by `make deps` (make terraform-tools)")
    }

    @Test("a new version: the release changes, no other object, Terraform no changes; nothing in the cluster or the state moves")
    func versionChange() async throws {
        try Self.requireTerraform()
        let workspace = try Workspace()
        defer { workspace.remove() }
        try await workspace.withSandbox {
            // Before the first deploy: what can be known is, the rest is known after the step it waits for.
            let empty = try await preview(workspace, [])
            #expect(empty.status == 5, "\(empty.stderr)")
            let first = Self.steps(empty.json)
            #expect(first["foundation/module.vpc"]?["status"] as? String == "changes")
            #expect((first["ecotrack-namespace"]?["namespace"] as? [String: Any])?["exists"] as? Bool == false)
            #expect((first["postgres"]?["knownAfter"] as? [String: Any])?["step"] as? String == "ecotrack-namespace")
            #expect((first["release-user-service"]?["knownAfter"] as? [String: Any])?["step"] as? String == "user-service")
            #expect(state(workspace) == nil, "a preview writes no Terraform state")
            #expect(try await workspace.kubectl(["get", "namespace", "ecotrack", "--ignore-not-found", "-o", "name"]).isEmpty)

            try await deploy(workspace)
            let versionsBefore = try await resourceVersions(workspace)
            let stateBefore = try #require(state(workspace))

            let same = try await preview(workspace, ["--set", "version=v1.2.0"])
            #expect(same.status == 0, "the release that is live: nothing to change. \(same.json["summary"] ?? same.stderr)")

            let next = try await preview(workspace, ["--set", "version=v1.3.0"])
            #expect(next.status == 5, "changes present: \(next.stderr)")
            #expect(next.json["complete"] as? Bool == true)
            let summary = try #require(next.json["summary"] as? [String: Any])
            #expect((summary["terraform"] as? [String: Int])?.values.allSatisfy { $0 == 0 } == true, "Terraform: no changes")
            #expect((summary["kubernetes"] as? [String: Int])?["change"] == 1 && (summary["kubernetes"] as? [String: Int])?["create"] == 0)
            let releases = try #require(summary["releases"] as? [[String: Any]])
            #expect(releases.count == 1 && releases[0]["deployment"] as? String == "ecotrack/user-service"
                    && releases[0]["from"] as? String == "registry/user-service:v1.2.0" && releases[0]["to"] as? String == "registry/user-service:v1.3.0")
            let steps = Self.steps(next.json)
            let userService = try #require(steps["user-service"]?["kubernetes"] as? [[String: Any]])
            let changed = userService.filter { $0["action"] as? String == "change" }
            #expect(changed.count == 1 && changed[0]["kind"] as? String == "Deployment")
            #expect((changed[0]["diff"] as? String)?.contains("+        image: registry/user-service:v1.3.0") == true)
            let release = try #require(steps["release-user-service"]?["release"] as? [String: Any])
            #expect(release["currentImage"] as? String == "registry/user-service:v1.2.0" && release["newImage"] as? String == "registry/user-service:v1.3.0")
            #expect(steps["scale-services"]?["status"] as? String == "runs")
            for id in ["product-service", "payment-service", "order-service", "notification-service", "postgres", "redis", "ecotrack-namespace"] {
                #expect(steps[id]?["status"] as? String == "no-changes", "\(id): \(steps[id] ?? [:])")
            }

            #expect(try await resourceVersions(workspace) == versionsBefore, "every object's resourceVersion as before")
            #expect(state(workspace) == stateBefore, "the Terraform state file byte for byte as before")

            // The text a person reads, and the comment a pull request gets.
            let text = try await workspace.bosun(["plan"] + local(workspace) + ["--live", "--set", "version=v1.3.0"])
            #expect(text.status == 0)
            #expect(text.stdout.contains("Summary: terraform: no changes; kubernetes: 1 to change; releases: user-service v1.2.0 → v1.3.0"), "\(text.stdout)")
            let markdown = try await workspace.bosun(["plan"] + local(workspace) + ["--live", "--set", "version=v1.3.0", "--format", "markdown"])
            #expect(markdown.stdout.contains("<details><summary>`user-service`: change Deployment ecotrack/user-service</summary>"), "\(markdown.stdout)")
        }
    }

    @Test("an edited module variable shows as that module's Terraform change, and nothing else")
    func moduleVariable() async throws {
        try Self.requireTerraform()
        let workspace = try Workspace()
        defer { workspace.remove() }
        try await workspace.withSandbox {
            try await deploy(workspace)
            let variables = workspace.root + "/" + Self.terraformFolder + "/terraform.tfvars"
            let text = try String(contentsOfFile: variables, encoding: .utf8)
            try text.replacingOccurrences(of: "gateway_replicas        = 1", with: "gateway_replicas        = 3")
                .write(toFile: variables, atomically: true, encoding: .utf8)
            let stateBefore = try #require(state(workspace))
            let edited = try await preview(workspace, ["--set", "version=v1.2.0"])
            #expect(edited.status == 5, "\(edited.stderr)")
            let steps = Self.steps(edited.json)
            let ambassador = try #require(steps["ingress/module.ambassador"]?["terraform"] as? [[String: Any]])
            #expect(ambassador.map { $0["address"] as? String } == ["module.ambassador.null_resource.release"])
            #expect(ambassador.first?["action"] as? String == "replace", "the null resource's triggers changed")
            for (id, step) in steps where id != "ingress/module.ambassador" {
                #expect(step["status"] as? String != "changes", "\(id) changes: \(step)")
            }
            #expect(state(workspace) == stateBefore)

            // --target: the target and what it needs; its Terraform plan is read all the same.
            let targeted = try await preview(workspace, ["--set", "version=v1.2.0", "--target", "ingress/module.ambassador"])
            #expect(targeted.status == 5, "\(targeted.stderr)")
            let only = Self.steps(targeted.json)
            #expect((only["ingress/module.ambassador"]?["terraform"] as? [[String: Any]])?.first?["action"] as? String == "replace")
            #expect(only["user-service"] == nil && only["ingress/module.external-dns"] == nil, "\(only.keys.sorted())")
        }
    }

    @Test("an edited manifest shows its diff; --rev previews the commit, not the edit")
    func manifestEdit() async throws {
        try Self.requireTerraform()
        let workspace = try Workspace()
        defer { workspace.remove() }
        // The workspace as a repository, so that --rev has a commit to read.
        for arguments in [["init", "-q", "-b", "main"], ["add", "plans"],
                          ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "ecotrack"]] {
            let git = try await ChildProcess.run("/usr/bin/git", ["-C", workspace.root] + arguments)
            try #require(git.status == 0, "\(git)")
        }
        try await workspace.withSandbox {
            try await deploy(workspace)
            let manifest = workspace.root + "/plans/ecotrack/k8s/services/product-service/deployment.yaml"
            let text = try String(contentsOfFile: manifest, encoding: .utf8)
            let edited = text.replacingOccurrences(of: "memory: 512Mi", with: "memory: 768Mi")
            try #require(edited != text)
            try edited.write(toFile: manifest, atomically: true, encoding: .utf8)

            let preview = try await preview(workspace, ["--set", "version=v1.2.0"])
            #expect(preview.status == 5, "\(preview.stderr)")
            let steps = Self.steps(preview.json)
            let objects = try #require(steps["product-service"]?["kubernetes"] as? [[String: Any]])
            let deployment = try #require(objects.first { $0["kind"] as? String == "Deployment" })
            #expect(deployment["action"] as? String == "change")
            let diff = try #require(deployment["diff"] as? String)
            #expect(diff.contains("-            memory: 512Mi") && diff.contains("+            memory: 768Mi"), "\(diff)")
            #expect((deployment["images"] as? [Any])?.isEmpty == true, "not a release: the image stays")
            #expect((preview.json["summary"] as? [String: Any])?["releases"] as? [Any] != nil)

            // The commit has no edit. (Its Terraform folder is materialized without the working
            // tree's local state, as `apply --rev` would run it: Terraform's changes are not asserted.)
            let committed = try await self.preview(workspace, ["--set", "version=v1.2.0", "--rev", "HEAD"])
            #expect(committed.json["complete"] as? Bool == true, "\(committed.stderr)")
            #expect(Self.steps(committed.json)["product-service"]?["status"] as? String == "no-changes", "\(Self.steps(committed.json)["product-service"] ?? [:])")
            #expect(((committed.json["summary"] as? [String: Any])?["kubernetes"] as? [String: Int])?["change"] == 0)
            #expect(committed.json["source"] as? String == "HEAD" && (committed.json["commit"] as? String)?.count == 40)
        }
    }

    static let smallPlan = """
        plan: small
        environments:
          local: { provider: kubectl, kubeconfig: ../../.bosun/sandbox/kubeconfig }
        phases:
          - name: main
            steps:
              - connect: cluster
              - id: shop-namespace
                namespace: shop
                labels: { team: payments, tier: gold }
              - id: inventory
                run: [kubectl, create, configmap, inventory, -n, shop]
                preview: [kubectl, get, configmap, -n, shop, -o, name]
              - id: web
                kustomize: k8s
                images: { registry/web: "registry/web:v2" }
                namespace: shop
              - id: release-web
                needs: [web]
                rollout: { deployment: web, image: "web=registry/web:v2" }
                namespace: shop
              - id: release-api
                rollout: { deployment: api, image: "api=registry/api:v2" }
                namespace: shop
        """

    static let kustomization = "resources: [deployment.yaml]\n"
    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: web }
        spec:
          selector: { matchLabels: { app: web } }
          template:
            metadata: { labels: { app: web } }
            spec: { containers: [ { name: web, image: "registry/web:v1" } ] }
        """

    @Test("labels changed and removed, a run step's preview output, a kustomize overlay's images, and a rollout nothing creates fails the preview (exit 1)")
    func smallPlan() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try FileManager.default.createDirectory(atPath: workspace.root + "/plans/small", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: workspace.root + "/plans/small/k8s", withIntermediateDirectories: true)
        try Self.smallPlan.write(toFile: workspace.root + "/plans/small/small.yaml", atomically: true, encoding: .utf8)
        try Self.kustomization.write(toFile: workspace.root + "/plans/small/k8s/kustomization.yaml", atomically: true, encoding: .utf8)
        try Self.deployment.write(toFile: workspace.root + "/plans/small/k8s/deployment.yaml", atomically: true, encoding: .utf8)
        try await workspace.withSandbox {
            let namespace = #"{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"shop","labels":{"team":"checkout","old":"yes"}}}"#
            let applied = try await ChildProcess.run(SandboxFixture.kubectl, ["--kubeconfig", workspace.root + "/.bosun/sandbox/kubeconfig", "apply", "-f", "-"],
                                                     stdin: namespace)
            try #require(applied.status == 0, "\(applied)")
            _ = try await workspace.kubectl(["create", "configmap", "settings", "-n", "shop"])
            let result = try await workspace.bosun(["plan", "plans/small/small.yaml", "--env", "local", "--live", "--format", "json", "--detailed-exitcode"])
            #expect(result.status == 1, "a step that cannot be previewed is a failure, never 'no changes': \(result.stdout)\(result.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            #expect(json["complete"] as? Bool == false)
            let steps = Self.steps(json)
            let labels = try #require(steps["shop-namespace"]?["namespace"] as? [String: Any])
            #expect(labels["added"] as? [String: String] == ["tier": "gold"])
            #expect((labels["changed"] as? [String: [String: String]])?["team"] == ["from": "checkout", "to": "payments"])
            #expect(labels["removed"] as? [String: String] == ["old": "yes"], "set by the last kubectl apply, gone from the plan")
            let runs = try #require(steps["inventory"]?["runs"] as? [String: Any])
            #expect(((runs["preview"] as? [String: Any])?["output"] as? String)?.contains("configmap/settings") == true, "\(runs)")
            #expect(try await workspace.kubectl(["get", "configmap", "-n", "shop", "-o", "name"]).contains("inventory") == false,
                    "the run step itself did not run")
            // The overlay Bosun writes sets the release's image: the Deployment is created at v2.
            let web = try #require((steps["web"]?["kubernetes"] as? [[String: Any]])?.first)
            #expect(web["action"] as? String == "create" && (web["diff"] as? String)?.contains("image: registry/web:v2") == true, "\(web)")
            #expect(web["images"] as? [[String: String]] == [["container": "web", "to": "registry/web:v2"]])
            #expect((steps["release-web"]?["knownAfter"] as? [String: Any])?["step"] as? String == "web")
            #expect(steps["release-api"]?["status"] as? String == "failed")
            #expect((steps["release-api"]?["error"] as? String)?.contains("does not exist, and no earlier step applies it") == true, "\(steps["release-api"] ?? [:])")
            #expect(steps["main/connect"]?["status"] as? String == "runs", "\(steps.keys.sorted())")

            // --target as for apply: the step and what it needs, nothing else.
            let targeted = try await workspace.bosun(["plan", "plans/small/small.yaml", "--env", "local", "--live", "--format", "json",
                                                      "--detailed-exitcode", "--target", "shop-namespace"])
            #expect(targeted.status == 5, "\(targeted.stderr)")
            let only = try #require(try JSONSerialization.jsonObject(with: Data(targeted.stdout.utf8)) as? [String: Any])
            #expect(Self.steps(only).keys.sorted() == ["main/connect", "shop-namespace"])
        }
    }

    @Test("a cluster the preview cannot reach: connect fails, nothing after it is previewed, exit 1 (never 'no changes')")
    func unreachable() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try FileManager.default.createDirectory(atPath: workspace.root + "/plans/small/k8s", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: workspace.root + "/.bosun/sandbox", withIntermediateDirectories: true)
        try Self.smallPlan.write(toFile: workspace.root + "/plans/small/small.yaml", atomically: true, encoding: .utf8)
        try Self.kustomization.write(toFile: workspace.root + "/plans/small/k8s/kustomization.yaml", atomically: true, encoding: .utf8)
        try Self.deployment.write(toFile: workspace.root + "/plans/small/k8s/deployment.yaml", atomically: true, encoding: .utf8)
        // A kubeconfig whose server nothing listens on.
        try """
            apiVersion: v1
            kind: Config
            clusters: [ { name: gone, cluster: { server: "http://127.0.0.1:9" } } ]
            users: [ { name: gone, user: {} } ]
            contexts: [ { name: gone, context: { cluster: gone, user: gone } } ]
            current-context: gone
            """.write(toFile: workspace.root + "/.bosun/sandbox/kubeconfig", atomically: true, encoding: .utf8)
        let result = try await workspace.bosun(["plan", "plans/small/small.yaml", "--env", "local", "--live", "--detailed-exitcode"])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains(#/main/connect\s+could not preview: /#), "\(result.stdout)")
        #expect(result.stdout.contains(#/release-web\s+could not preview: main/connect failed first/#), "\(result.stdout)")
        #expect(result.stdout.contains("not previewed (failed): 6 steps"), "\(result.stdout)")
    }
}
