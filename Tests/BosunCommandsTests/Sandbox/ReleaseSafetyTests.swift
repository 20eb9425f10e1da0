import Foundation
import Testing

/// The release model end to end, with real kubectl and git against the sandbox: a release is what
/// the plan declares, a failed or interrupted one leaves the release that was live, and rollbacks
/// restore what Bosun recorded.
@Suite("release safety against the sandbox", .serialized)
struct ReleaseSafetyTests {
    static func plan(kubeconfig: String, rollout deployment: String = "web") -> String {
        """
        plan: shop
        namespace: shop
        vars: { version: v1.0.0, timeout: 6s }
        environments:
          local: { provider: kubectl, kubeconfig: \(kubeconfig) }
        phases:
          - name: cluster
            steps:
              - connect: cluster
              - namespace: shop
          - name: app
            steps:
              - id: web
                apply: k8s/
                render: true
                wait: { for: condition=Available, resource: deployment/web, timeout: "${timeout}" }
              - id: release-web
                rollout: { deployment: \(deployment), image: "web=registry/web:${version}", timeout: "${timeout}" }

        """
    }

    static let manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: web, labels: { app: web } }
        spec:
          replicas: 1
          selector: { matchLabels: { app: web } }
          strategy: { type: RollingUpdate, rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }
          template:
            metadata: { labels: { app: web } }
            spec:
              containers:
                - name: web
                  image: registry/web:${version}

        """

    /// A git repository holding the shop plan, deployed to a fresh sandbox.
    private func withShop(rollout deployment: String = "web", _ body: (GitProject, SandboxFixture) async throws -> Void) async throws {
        try await SandboxFixture.with { sandbox in
            let project = try GitProject()
            defer { project.remove() }
            try project.write("plans/shop/shop.yaml", Self.plan(kubeconfig: sandbox.kubeconfig, rollout: deployment))
            try project.write("plans/shop/k8s/web.yaml", Self.manifest)
            try project.commit(version: "shop")
            try await body(project, sandbox)
        }
    }

    private func image(_ sandbox: SandboxFixture) async throws -> String {
        try await sandbox.kubectlOK(["-n", "shop", "get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"])
    }

    private let apply = ["apply", "plans/shop/shop.yaml", "--env", "local"]

    @Test("v1 → v2 → v3-bad leaves v2 running (exit 3), and runs, show and JSON say what was deployed")
    func badReleaseLeavesTheLiveOne() async throws {
        try await withShop { project, sandbox in
            #expect(try await project.bosun(apply).status == 0)
            let second = try await project.bosun(apply + ["--set", "version=v2.0.0"])
            #expect(second.status == 0, "\(second.stdout)")
            #expect(try await image(sandbox) == "registry/web:v2.0.0")

            let bad = try await project.bosun(apply + ["--set", "version=v3.0.0-bad"])
            #expect(bad.status == 3, "\(bad.stdout.suffix(2500))")
            #expect(bad.stdout.contains(#/release-web\s+ROLLED BACK/#))
            #expect(try await image(sandbox) == "registry/web:v2.0.0", "the release that was live, not the manifest's default")
            #expect(bad.stdout.contains(#/shop/web\s+revision 2 \(registry/web:v2.0.0\)\s+revision 4 \(registry/web:v2.0.0\)\s+healthy; failed: revision 3 \(registry/web:v3.0.0-bad\)/#),
                    "\(bad.stdout.suffix(1500))")

            let runs = try await project.bosun(["runs"])
            #expect(runs.stdout.contains("registry/web:v2.0.0 (rolled back)"), "\(runs.stdout)")
            let show = try await project.bosun(["show", "last"])
            #expect(show.stdout.contains("version=v3.0.0-bad"), "\(show.stdout)")
            let json = try await project.bosun(["history", "plans/shop/shop.yaml", "--env", "local", "--json"])
            let history = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
            let release = try #require(history.first?["release"] as? [String: Any])
            #expect((release["variables"] as? [String: String])?["version"] == "v3.0.0-bad")
            let web = try #require((release["deployments"] as? [[String: Any]])?.first)
            #expect((web["failed"] as? [String: Any])?["revision"] as? String == "3")
        }
    }

    @Test("rollback --env from v2 brings v1 back with v1's variables, and says which release it restores")
    func environmentRollbackRestoresVariables() async throws {
        try await withShop { project, sandbox in
            #expect(try await project.bosun(apply).status == 0)
            let firstRun = try project.newestRunID()
            #expect(try await project.bosun(apply + ["--set", "version=v2.0.0"]).status == 0)
            #expect(try await image(sandbox) == "registry/web:v2.0.0")

            let rollback = try await project.bosun(["rollback", "plans/shop/shop.yaml", "--env", "local", "--yes"])
            #expect(rollback.status == 0, "\(rollback.stdout.suffix(2000))\(rollback.stderr)")
            #expect(rollback.stdout.contains("→ release of run \(firstRun)"), "\(rollback.stdout)")
            #expect(rollback.stdout.contains("version: v2.0.0 → v1.0.0"))
            #expect(try await image(sandbox) == "registry/web:v1.0.0")
            let run = try project.newestRun()
            #expect(run["restores"] as? String == firstRun)
            #expect(((run["release"] as? [String: Any])?["variables"] as? [String: String])?["version"] == "v1.0.0")
        }
    }

    @Test("SIGTERM during a rollout undoes it to the recorded revision before exiting 130; a second signal leaves it half-done, loudly")
    func interruptedRollout() async throws {
        try await withShop { project, sandbox in
            #expect(try await project.bosun(apply).status == 0)
            for signals in [1, 2] {
                let running = try BosunProcess.start(apply + ["--set", "version=v9.\(signals)-bad", "--set", "timeout=60s"],
                                                     in: project.root, environment: project.environment)
                let deadline = Date().addingTimeInterval(30)
                while !running.stdoutSoFar.contains("[release-web] $ kubectl") || !running.stdoutSoFar.contains("rollout status"),
                      Date() < deadline {
                    try await Task.sleep(for: .milliseconds(50))
                }
                try await Task.sleep(for: .milliseconds(300))
                // SIGTERM (what CI's runner sends) and Ctrl-C's SIGINT take the same path.
                kill(running.process.processIdentifier, signals == 1 ? SIGTERM : SIGINT)
                if signals == 2 {
                    // Signals of one kind do not queue: the second is sent once the first was taken,
                    // while the undo runs (its kubectl commands take a few hundred milliseconds).
                    while !running.stderrSoFar.contains("stopping running steps"), Date() < deadline {
                        try await Task.sleep(for: .milliseconds(5))
                    }
                    kill(running.process.processIdentifier, SIGINT)
                }
                let result = await running.finish()
                #expect(result.status == 130, "\(result.stdout.suffix(2000))")
                if signals == 1 {
                    #expect(result.stdout.contains(#/release-web\s+ROLLED BACK\s+.*stopped half-way; rolled back to web revision/#),
                            "\(result.stdout.suffix(2000))")
                    #expect(try await image(sandbox) == "registry/web:v1.0.0", "the release that was live")
                } else {
                    #expect(result.stdout.contains("left half-done"), "\(result.stdout.suffix(2000))")
                    #expect(result.stdout.contains("ROLLBACK FAILED"))
                }
            }
        }
    }

    @Test("a rollout of a deployment that does not exist fails with exit 1, naming it, with no rollback attempted")
    func missingDeployment() async throws {
        try await withShop(rollout: "wbe") { project, _ in
            // web is live already; the release's rollout names a deployment that does not exist.
            #expect(try await project.bosun(apply + ["--target", "web"]).status == 0)
            let result = try await project.bosun(apply)
            #expect(result.status == 1, "\(result.stdout.suffix(2000))")
            #expect(result.stdout.contains("deployment wbe not found in namespace shop"))
            #expect(!result.stdout.contains("rolling back"))
            #expect(!result.stdout.contains("ROLLBACK FAILED"))
        }
    }
}

extension GitProject {
    /// The newest run's `run.json`.
    func newestRun() throws -> [String: Any] {
        let runs = try FileManager.default.contentsOfDirectory(atPath: root + "/.bosun/runs").map { id in
            let data = try Data(contentsOf: URL(fileURLWithPath: root + "/.bosun/runs/\(id)/run.json"))
            return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
        }
        return runs.max { ($0["startedAt"] as? String ?? "") < ($1["startedAt"] as? String ?? "") } ?? [:]
    }

    func newestRunID() throws -> String { try newestRun()["runID"] as? String ?? "" }
}
