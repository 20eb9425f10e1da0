import Foundation
import Testing

/// The main example's complete local deploy, as `make run` does it: real Terraform (1.0.3 with the
/// offline null provider, installed by `make deps`), real kubectl, the local sandbox (a simulated
/// API server, since no cluster can run here), the automatic rollback of a bad release, an
/// operator's service rollback, and the cluster lock.
@Suite("the EcoTrack local deploy against the sandbox", .serialized)
struct LocalDeployTests {
    /// The repository's plans copied into a fresh folder, with the sandbox's state in
    /// `.bosun` there (where the plan's local environment looks for its kubeconfig).
    struct Workspace {
        let root: String

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-local-\(UUID().uuidString)").path
            let manager = FileManager.default
            try manager.createDirectory(atPath: root + "/plans", withIntermediateDirectories: true)
            for folder in ["plans/ecotrack"] {
                try manager.copyItem(atPath: BosunProcess.repositoryRoot.appendingPathComponent(folder).path, toPath: root + "/" + folder)
            }
            for leftover in [".terraform", "terraform.tfstate", "terraform.tfstate.backup", ".terraform.lock.hcl"] {
                try? manager.removeItem(atPath: root + "/plans/ecotrack/terraform/environments/local/" + leftover)
            }
        }

        static var terraformHome: String {
            let environment = ProcessInfo.processInfo.environment
            let cache = environment["XDG_CACHE_HOME"] ?? (environment["HOME"] ?? "/root") + "/.cache"
            return cache + "/bosun/terraform"
        }

        var environment: [String: String] {
            ["PATH": Self.terraformHome + "/bin:" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"),
             "TF_CLI_CONFIG_FILE": Self.terraformHome + "/terraformrc",
             // The copy is in no repository, so runs would go beside the plan: keep every command's
             // state (the sandbox's too) in one folder, as at the root of a repository.
             "BOSUN_STATE_DIR": root + "/.bosun"]
        }

        func bosun(_ arguments: [String]) async throws -> BosunProcess.Result {
            try await BosunProcess.start(arguments, in: root, environment: environment).finish()
        }

        func kubectl(_ arguments: [String]) async throws -> String {
            try await bosunless(["kubectl", "--kubeconfig", root + "/.bosun/sandbox/kubeconfig"] + arguments)
        }

        private func bosunless(_ argv: [String]) async throws -> String {
            let result = try await ChildProcess.run(SandboxFixture.kubectl, Array(argv.dropFirst()))
            guard result.status == 0 else { throw FixtureError(message: "\(argv.joined(separator: " ")): \(result)") }
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        var port: String {
            get throws {
                let data = try Data(contentsOf: URL(fileURLWithPath: root + "/.bosun/sandbox/server.json"))
                let record = try JSONSerialization.jsonObject(with: data) as? [String: Any]
                return "\(record?["port"] as? Int ?? 0)"
            }
        }

        func newestRun() throws -> [String: Any] {
            let folder = root + "/.bosun/runs"
            let runs = try FileManager.default.contentsOfDirectory(atPath: folder).map { id -> [String: Any] in
                let data = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(id)/run.json"))
                return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            }
            return runs.max { ($0["startedAt"] as? String ?? "") < ($1["startedAt"] as? String ?? "") } ?? [:]
        }

        /// Starts the sandbox in this workspace, runs `body`, and stops the sandbox whatever happened.
        func withSandbox(_ body: () async throws -> Void) async throws {
            let started = try await bosun(["sandbox", "start", "--ready-delay", "0.3"])
            guard started.status == 0 else { throw FixtureError(message: "sandbox start failed: \(started)") }
            do {
                try await body()
            } catch {
                _ = try? await bosun(["sandbox", "stop"])
                throw error
            }
            _ = try await bosun(["sandbox", "stop"])
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    private func image(_ workspace: Workspace) async throws -> String {
        try await workspace.kubectl(["-n", "ecotrack", "get", "deployment", "user-service",
                                     "-o", "jsonpath={.spec.template.spec.containers[0].image}"])
    }

    @Test("deploy with real terraform and kubectl, roll a bad release back automatically, then roll a service back by hand")
    func fullLocalDeploy() async throws {
        try #require(FileManager.default.fileExists(atPath: Workspace.terraformHome + "/terraformrc"),
                     "terraform 1.0.3 is installed by `make deps` (make terraform-tools)")
        let workspace = try Workspace()
        defer { workspace.remove() }
        try await workspace.withSandbox {
            let local = ["plans/ecotrack/ecotrack.yaml", "--env", "local", "--yes", "--set", "domain=ecotrack.localhost:\(try workspace.port)"]

            let first = try await workspace.bosun(["apply"] + local)
            #expect(first.status == 0, "\(first.stdout.suffix(3000))\(first.stderr)")
            #expect(try await image(workspace) == "registry/user-service:v1.1.0", "the plan's default version")

            let deploy = try await workspace.bosun(["apply"] + local + ["--set", "version=v1.2.0"])
            #expect(deploy.status == 0, "\(deploy.stdout.suffix(3000))\(deploy.stderr)")
            #expect(first.stdout.contains("[foundation/module.vpc] Apply complete! Resources: 1 added"), "real terraform applied the target")
            let run = try workspace.newestRun()
            let steps = try #require(run["steps"] as? [[String: Any]])
            // 26 steps of the plan, and the cluster-lock step of the local environment (cluster_lock: true).
            #expect(steps.count == 27 && steps.allSatisfy { $0["state"] as? String == "succeeded" })
            let state = try String(contentsOfFile: workspace.root + "/plans/ecotrack/terraform/environments/local/terraform.tfstate", encoding: .utf8)
            #expect(state.contains("\"module\": \"module.eks\""))
            // Databases are ready before the services that need them start.
            let finished = Dictionary(uniqueKeysWithValues: steps.map { ($0["id"] as! String, $0["finishedAt"] as! String) })
            let startedAt = Dictionary(uniqueKeysWithValues: steps.map { ($0["id"] as! String, $0["startedAt"] as! String) })
            #expect(try #require(finished["postgres"]) <= startedAt["user-service"]!)
            #expect(try #require(finished["redis"]) <= startedAt["notification-service"]!)
            #expect(try await workspace.kubectl(["get", "namespace", "ecotrack", "-o", "jsonpath={.metadata.labels.istio-injection}"]) == "enabled")
            let containers = try await workspace.kubectl(["-n", "ecotrack", "get", "pods", "-l", "app=user-service",
                                                           "-o", "jsonpath={.items[0].spec.containers[*].name}"])
            #expect(containers.contains("istio-proxy"))
            #expect(try await image(workspace) == "registry/user-service:v1.2.0")

            // A full apply of a release that never becomes ready: its apply step changes
            // user-service, and the run ends undone to the release that was live.
            let bad = try await workspace.bosun(["apply"] + local + ["--set", "version=v1.3.0-bad"])
            #expect(bad.status == 3, "a release undone by its rollback exits 3: \(bad.stdout.suffix(2000))")
            // The apply step's wait for Available passes (the live pods stay, maxUnavailable 0); the
            // release's rollout status sees the new pods never ready, and undoes it.
            #expect(bad.stdout.contains(#/\nrelease-user-service\s+ROLLED BACK/#), "\(bad.stdout.suffix(3000))")
            #expect(bad.stdout.contains("--to-revision=2"), "undone to the revision live before the run (v1.2.0)")
            #expect(try await image(workspace) == "registry/user-service:v1.2.0", "healthy again at the release that was live")
            let release = try #require(try workspace.newestRun()["release"] as? [String: Any])
            #expect((release["variables"] as? [String: String])?["version"] == "v1.3.0-bad")
            let record = try #require((release["deployments"] as? [[String: Any]])?.first { ($0["deployment"] as? [String: Any])?["name"] as? String == "user-service" })
            #expect((record["before"] as? [String: Any])?["images"] as? [String: String] == ["user-service": "registry/user-service:v1.2.0"])
            #expect((record["failed"] as? [String: Any])?["images"] as? [String: String] == ["user-service": "registry/user-service:v1.3.0-bad"])
            #expect((record["after"] as? [String: Any])?["healthy"] as? Bool == true)

            // The operator's rollback goes to the healthy release before the live v1.2.0, never to v1.3.0-bad.
            let rollback = try await workspace.bosun(["rollback", "plans/ecotrack/ecotrack.yaml", "--env", "local", "--service", "user-service",
                                                      "--yes", "--set", "domain=ecotrack.localhost:\(try workspace.port)"])
            #expect(rollback.status == 0, "\(rollback.stdout.suffix(2000))\(rollback.stderr)")
            #expect(rollback.stdout.contains(#/REVISION\s+IMAGES\s+BOSUN SAW/#), "\(rollback.stdout)")
            #expect(rollback.stdout.contains(#/user-service=registry/user-service:v1.3.0-bad\s+FAILED/#))
            #expect(rollback.stdout.contains(#/user-service=registry/user-service:v1.1.0\s+healthy\s+← rolling back to this/#))
            #expect(try await image(workspace) == "registry/user-service:v1.1.0", "\(rollback.stdout.suffix(3000))")
            #expect(try workspace.newestRun()["outcome"] as? String == "succeeded", "the operator's rollback is journaled like any run")
        }
    }

    @Test("the cluster lock: a live lease held by another run refuses the run; --force-unlock takes it and is journaled")
    func clusterLock() async throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try await workspace.withSandbox {
            let now = Date().formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
            _ = try await workspace.kubectl(["create", "namespace", "bosun-system"])
            let lease = """
                {"apiVersion":"coordination.k8s.io/v1","kind":"Lease","metadata":{"name":"bosun-ecotrack-local","namespace":"bosun-system"},
                 "spec":{"holderIdentity":"run 20990101-000000-beef (ci-runner-7)","leaseDurationSeconds":600,"acquireTime":"\(now)","renewTime":"\(now)"}}
                """
            try lease.write(toFile: workspace.root + "/lease.json", atomically: true, encoding: .utf8)
            _ = try await workspace.kubectl(["apply", "-f", workspace.root + "/lease.json"])
            let only = ["apply", "plans/ecotrack/ecotrack.yaml", "--env", "local", "--only", "nodes-ready"]

            let refused = try await workspace.bosun(only)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("locked in the cluster by run 20990101-000000-beef (ci-runner-7)"))
            let forced = try await workspace.bosun(only + ["--force-unlock"])
            #expect(forced.status == 0, "\(forced.stderr)")
            #expect(try workspace.newestRun()["evictedLockHolder"] as? String == "run 20990101-000000-beef (ci-runner-7)")
            let after = try await workspace.kubectl(["-n", "bosun-system", "get", "lease", "--ignore-not-found", "-o", "name"])
            #expect(after.isEmpty, "the run released its lease at the end")
        }
    }
}
