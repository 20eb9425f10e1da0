import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What the cluster remembers, seen from two machines: each "machine" is a git clone of its own
/// with its own state folder and local lock folder, both deploying to one sandbox (a simulated API
/// server: no cluster runs here) with real kubectl and git.
@Suite("run records, locks and approvals in the cluster, from two machines", .serialized)
struct ClusterRecordsTests {
    static func plan(kubeconfig: String, version: String, extra: String = "") -> String {
        """
        plan: shop
        vars:
          version: \(version)
          pause: "0"
          api_token: { value: s3cret-token-value, secret: true }
        \(extra)
        environments:
          dev:
            provider: kubectl
            kubeconfig: \(kubeconfig)
            lock_lease: 3s
          gone:
            provider: kubectl
            kubeconfig: gone.yaml
        phases:
          - name: deploy
            steps:
              - connect: main
              - id: ns
                namespace: shop
              - id: web
                apply: k8s/web.yaml
                render: true
                needs: [ns]
              - id: hold
                run: [sleep, "${pause}"]
                needs: [web]
              - id: gate
                approve: "ship ${version} with ${api_token}?"
                needs: [hold]
              - id: release
                namespace: shop
                rollout: { deployment: web, image: "web=registry/web:${version}", timeout: 30s }
                needs: [gate]

        """
    }

    static let manifest = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: { name: web, namespace: shop }
        spec:
          replicas: 1
          selector: { matchLabels: { app: web } }
          template:
            metadata: { labels: { app: web } }
            spec:
              containers: [ { name: web, image: "registry/web:${version}" } ]

        """

    /// A kubeconfig of a cluster that is not there (nothing listens on port 9).
    static let goneKubeconfig = """
        apiVersion: v1
        kind: Config
        clusters: [ { name: gone, cluster: { server: "http://127.0.0.1:9" } } ]
        users: [ { name: gone, user: { token: x } } ]
        contexts: [ { name: gone, context: { cluster: gone, user: gone } } ]
        current-context: gone

        """

    /// The team's repository, and the machines that clone it.
    struct Team {
        let origin: GitProject
        let sandbox: SandboxFixture

        init(sandbox: SandboxFixture, extra: String = "") throws {
            self.sandbox = sandbox
            origin = try GitProject()
            try origin.write("plans/app/k8s/web.yaml", ClusterRecordsTests.manifest)
            try origin.write("plans/app/gone.yaml", ClusterRecordsTests.goneKubeconfig)
            try release("v1", extra: extra)
        }

        /// Commits the plan at `version`.
        @discardableResult
        func release(_ version: String, extra: String = "") throws -> String {
            try origin.write("plans/app/app.yaml", ClusterRecordsTests.plan(kubeconfig: sandbox.kubeconfig, version: version, extra: extra))
            return try origin.commit(version: version)
        }

        /// A machine with a clone of the repository as it is now, and an empty state folder.
        func machine(_ name: String) throws -> Machine {
            let root = origin.root + "-" + name
            try origin.git("clone", "-q", origin.root, root)
            return Machine(name: name, root: root, home: origin.root + "/home")
        }

        func remove() {
            origin.remove()
            for name in ["a", "b"] { try? FileManager.default.removeItem(atPath: origin.root + "-" + name) }
        }
    }

    /// One machine: its clone, its state folder, its local locks.
    struct Machine {
        let name: String
        let root: String
        let home: String

        var environment: [String: String] {
            ["HOME": home, "GIT_CONFIG_NOSYSTEM": "1", "BOSUN_STATE_DIR": root + "/.state", "BOSUN_LOCK_DIR": root + "/.locks"]
        }

        /// `bosun …` from the clone's root, without a terminal (as CI runs it).
        func bosun(_ arguments: [String]) async throws -> BosunProcess.Result {
            try await start(arguments).finish()
        }

        func start(_ arguments: [String]) throws -> BosunProcess.Running {
            try BosunProcess.start(arguments, in: root, environment: environment, withoutTerminal: true)
        }

        func pull() throws {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
            process.arguments = ["-C", root, "pull", "-q", "--ff-only"]
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
            try process.run()
            process.waitUntilExitNoticed()
        }

        /// Starts a run that holds the environment's lock in its `hold` step for `seconds`, and
        /// waits until it is there; returns it and its run id.
        func startHolding(seconds: Int) async throws -> (BosunProcess.Running, String) {
            let holder = try start(ClusterRecordsTests.apply + ["--yes", "--set", "pause=\(seconds)"])
            #expect(try await ClusterRecordsTests.waitUntil { holder.stdoutSoFar.contains("[hold] $ sleep") }, "\(holder.stdoutSoFar)")
            return (holder, try Self.runID(in: holder.stdoutSoFar))
        }

        /// The run id in a run's output (its run folder's name).
        static func runID(in output: String) throws -> String {
            try #require(output.firstMatch(of: #/runs/(\d{8}-\d{6}-[0-9a-f]{4})/#)?.1).description
        }

        /// `bosun history --json` of the dev environment.
        func history() async throws -> [[String: Any]] {
            let result = try await bosun(["history", Self.planPath, "--env", "dev", "--json"])
            try #require(result.status == 0, "\(result.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        }

        /// `bosun lock status --json` of the dev environment.
        func lockStatus() async throws -> [String: Any] {
            let result = try await bosun(["lock", "status", Self.planPath, "--env", "dev", "--json"])
            try #require(result.status == 0, "\(result.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }

        static let planPath = "plans/app/app.yaml"
    }

    static let apply = ["apply", Machine.planPath, "--env", "dev"]

    /// Waits (up to `seconds`) until `condition` holds.
    static func waitUntil(_ seconds: Double = 20, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(200))
        }
        return try await condition()
    }

    static func image(_ sandbox: SandboxFixture) async throws -> String {
        try await sandbox.kubectlOK(["-n", "shop", "get", "deployment", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"])
    }

    @Test("A deploys v1 then v2; B, with an empty state folder, sees both in history and rolls back to v1 with v1's variables")
    func historyAndRollbackFromAnotherMachine() async throws {
        try await SandboxFixture.with { sandbox in
            let team = try Team(sandbox: sandbox)
            defer { team.remove() }
            let a = try team.machine("a")
            let first = try await a.bosun(Self.apply + ["--yes"])
            #expect(first.status == 0, "\(first.stdout.suffix(2000))\(first.stderr)")
            try team.release("v2")
            try a.pull()
            let second = try await a.bosun(Self.apply + ["--yes"])
            #expect(second.status == 0, "\(second.stdout.suffix(2000))\(second.stderr)")
            #expect(try await Self.image(sandbox) == "registry/web:v2")
            let aRuns = try await a.history()
            #expect(aRuns.count == 2)

            // Each run's record is a ConfigMap in bosun-system, labelled, holding no secret.
            let records = try await sandbox.json(["configmaps", "-n", "bosun-system", "-l", "app.kubernetes.io/managed-by=bosun,bosun.dev/plan=shop"])
            let items = try #require(records["items"] as? [[String: Any]])
            #expect(items.count == 2)
            for item in items {
                let labels = (item["metadata"] as? [String: Any])?["labels"] as? [String: String] ?? [:]
                #expect(labels["bosun.dev/environment"] == "dev" && labels["bosun.dev/outcome"] == "succeeded")
                let text = try #require((item["data"] as? [String: String])?["run.json"])
                #expect(!text.contains("s3cret-token-value"), "a secret is recorded as a digest only")
                #expect(text.contains("\"api_token\":\"sha256:"))
            }

            // Machine B: a fresh clone and an empty state folder.
            let b = try team.machine("b")
            let bRuns = try await b.history()
            #expect(bRuns.map { $0["id"] as? String } == aRuns.map { $0["id"] as? String }, "the same runs, newest first")
            #expect(bRuns.allSatisfy { $0["recordedInCluster"] as? Bool == true && $0["startedBy"] != nil })
            #expect(bRuns.map { ($0["release"] as? [String: Any])?["variables"] as? [String: String] }.map { $0?["version"] } == ["v2", "v1"])
            let text = try await b.bosun(["history", Machine.planPath, "--env", "dev"])
            #expect(text.stdout.contains("registry/web:v2") && text.stdout.contains("BY"), "\(text.stdout)")

            let rollback = try await b.bosun(["rollback", Machine.planPath, "--env", "dev", "--yes"])
            #expect(rollback.status == 0, "\(rollback.stdout.suffix(3000))\(rollback.stderr)")
            let v1Run = try #require(aRuns.last?["id"] as? String)
            #expect(rollback.stdout.contains("→ release of run \(v1Run)"), "\(rollback.stdout)")
            #expect(rollback.stdout.contains("version: v2 → v1"))
            #expect(try await Self.image(sandbox) == "registry/web:v1")
            // A sees B's rollback too, with the variables it restored.
            let after = try await a.history()
            #expect(after.count == 3)
            #expect(after.first?["restores"] as? String == v1Run)
            #expect(((after.first?["release"] as? [String: Any])?["variables"] as? [String: String])?["version"] == "v1")
        }
    }

    @Test("A holds the lock in a long step; B is refused and lock status names A's run; after kill -9 of A and the lease's expiry, B runs and A's record reads interrupted")
    func lockOfAKilledRun() async throws {
        try await SandboxFixture.with { sandbox in
            let team = try Team(sandbox: sandbox)
            defer { team.remove() }
            let (a, b) = (try team.machine("a"), try team.machine("b"))
            let (holder, aRun) = try await a.startHolding(seconds: 25)

            let refused = try await b.bosun(Self.apply + ["--yes"])
            #expect(refused.status == 1)
            #expect((refused.stdout + refused.stderr).contains("locked in the cluster by run \(aRun)"), "\(refused.stdout)\(refused.stderr)")
            let status = try await b.lockStatus()
            #expect(status["held"] as? Bool == true)
            #expect((status["holder"] as? [String: Any])?["run"] as? String == aRun)
            #expect((status["holder"] as? [String: Any])?["leaseSeconds"] as? Int == 3)

            // The holder's own process, as the Lease names it (the test started it under setsid).
            let pid = try #require((status["holder"] as? [String: Any])?["pid"] as? Int)
            kill(pid_t(pid), SIGKILL)
            _ = await holder.finish()
            #expect(try await Self.waitUntil(10) { (try await b.lockStatus()["held"] as? Bool) == false }, "the lease expires: nobody renews it")
            let taken = try await b.bosun(Self.apply + ["--yes"])
            #expect(taken.status == 0, "\(taken.stdout.suffix(2000))\(taken.stderr)")
            #expect(taken.stdout.contains("took the cluster lock from run \(aRun)"))
            let killed = try #require(try await b.history().first { $0["id"] as? String == aRun })
            #expect(killed["outcome"] as? String == "interrupted")
            #expect((killed["note"] as? String ?? "").contains("expired"), "\(killed)")
            let label = try await sandbox.kubectlOK(["-n", "bosun-system", "get", "configmap", "bosun-run-\(aRun)",
                                                      "-o", "jsonpath={.metadata.labels.bosun\\.dev/outcome}"])
            #expect(label == "interrupted")
            #expect(try await b.lockStatus()["held"] as? Bool == false, "the run that took over released it at its end")
        }
    }

    @Test("lock release refuses a live lock without --force; with it, the holder's record names who released it and the holder says it lost the lock")
    func forcedRelease() async throws {
        try await SandboxFixture.with { sandbox in
            let team = try Team(sandbox: sandbox)
            defer { team.remove() }
            let (a, b) = (try team.machine("a"), try team.machine("b"))
            let (holder, aRun) = try await a.startHolding(seconds: 4)

            let polite = try await b.bosun(["lock", "release", Machine.planPath, "--env", "dev"])
            #expect(polite.status == 1 && polite.stderr.contains("--force"), "\(polite)")
            let forced = try await b.bosun(["lock", "release", Machine.planPath, "--env", "dev", "--force"])
            #expect(forced.status == 0, "\(forced.stderr)")
            #expect(forced.stdout.contains("released the cluster lock") && forced.stdout.contains(aRun))
            let finished = await holder.finish()
            #expect((finished.stdout + finished.stderr).contains("lost the cluster lock"), "\(finished.stdout.suffix(1500))\(finished.stderr)")
            let note = try await sandbox.kubectlOK(["-n", "bosun-system", "get", "configmap", "bosun-run-\(aRun)",
                                                     "-o", "jsonpath={.metadata.annotations.bosun\\.dev/end-note}"])
            #expect(note.contains("bosun lock release --force"), "\(note)")
        }
    }

    @Test("B takes the lock with --force-unlock while A runs: A says at its next renewal that it lost the lock, and A's record names the eviction")
    func evictedByForceUnlock() async throws {
        try await SandboxFixture.with { sandbox in
            let team = try Team(sandbox: sandbox)
            defer { team.remove() }
            let (a, b) = (try team.machine("a"), try team.machine("b"))
            let (holder, aRun) = try await a.startHolding(seconds: 4)
            let forced = try await b.bosun(Self.apply + ["--yes", "--force-unlock"])
            #expect(forced.status == 0, "\(forced.stdout.suffix(1500))\(forced.stderr)")
            #expect(forced.stdout.contains("took the cluster lock from run \(aRun)") && forced.stdout.contains("--force-unlock"))
            let evicted = await holder.finish()
            #expect((evicted.stdout + evicted.stderr).contains("lost the cluster lock"), "\(evicted.stdout.suffix(1500))\(evicted.stderr)")
            let note = try await sandbox.kubectlOK(["-n", "bosun-system", "get", "configmap", "bosun-run-\(aRun)",
                                                     "-o", "jsonpath={.metadata.annotations.bosun\\.dev/end-note}"])
            #expect(note.contains("--force-unlock"), "\(note)")
        }
    }

    @Test("A waits at an approve: step without a terminal; B approves and A goes on; a rejection and a timeout fail the run with their own messages")
    func approvalsFromAnotherMachine() async throws {
        try await SandboxFixture.with { sandbox in
            let team = try Team(sandbox: sandbox)
            defer { team.remove() }
            let (a, b) = (try team.machine("a"), try team.machine("b"))
            let nothing = try await b.bosun(["approve", Machine.planPath, "--env", "dev"])
            #expect(nothing.status == 1 && nothing.stderr.contains("waiting for an approval"), "\(nothing)")

            let waiting = try a.start(Self.apply)
            #expect(try await Self.waitUntil { waiting.stdoutSoFar.contains("approve from any machine: bosun approve") }, "\(waiting.stdoutSoFar)")
            #expect(waiting.stdoutSoFar.contains("ship v1 with ***?"), "the prompt's secret is masked")
            #expect(!waiting.stdoutSoFar.contains("s3cret-token-value"))
            let approved = try await b.bosun(["approve", Machine.planPath, "--env", "dev"])
            #expect(approved.status == 0, "\(approved)")
            #expect(approved.stdout.contains("approved step gate of run"))
            let done = await waiting.finish()
            #expect(done.status == 0, "\(done.stdout.suffix(2000))\(done.stderr)")
            #expect(done.stdout.contains("[gate] approved by "))
            #expect(try await Self.image(sandbox) == "registry/web:v1")

            let toReject = try a.start(Self.apply + ["--set", "version=v9"])
            #expect(try await Self.waitUntil { toReject.stdoutSoFar.contains("approve from any machine") })
            let runID = try Machine.runID(in: toReject.stdoutSoFar)
            let rejected = try await b.bosun(["reject", Machine.planPath, "--env", "dev", runID, "--step", "gate"])
            #expect(rejected.status == 0, "\(rejected)")
            let refused = await toReject.finish()
            #expect(refused.status == 1)
            #expect(refused.stdout.contains("rejected by "), "\(refused.stdout.suffix(2000))")
            #expect(try await Self.image(sandbox) == "registry/web:v1", "the rejected release never rolled out")

            let unanswered = try await a.bosun(Self.apply + ["--approval-timeout", "2s"])
            #expect(unanswered.status == 1)
            #expect(unanswered.stdout.contains("approval timed out after 2s"), "\(unanswered.stdout.suffix(2000))")
        }
    }

    @Test("records are kept to the newest N; 500 records list in history; records: false keeps nothing and never connects for history")
    func keptRecords() async throws {
        try await SandboxFixture.with { sandbox in
            let team = try Team(sandbox: sandbox, extra: "records: { keep: 3 }")
            defer { team.remove() }
            let a = try team.machine("a")
            for _ in 0..<4 {
                let run = try await a.bosun(Self.apply + ["--yes"])
                #expect(run.status == 0, "\(run.stdout.suffix(1500))")
            }
            let selector = "app.kubernetes.io/component=run-record"
            var names = try await sandbox.kubectlOK(["-n", "bosun-system", "get", "configmaps", "-l", selector, "-o", "name"])
            #expect(names.split(separator: "\n").count == 3, "\(names)")

            // 500 more records, copies of a real one under other run ids: history lists them all.
            let template = try await sandbox.json(["configmap", "-n", "bosun-system", String(names.split(separator: "\n")[0].dropFirst("configmap/".count))])
            var list: [[String: Any]] = []
            for index in 0..<500 {
                let runID = String(format: "20250101-%06d-%04x", index, index)
                var metadata = (template["metadata"] as? [String: Any]) ?? [:]
                var labels = metadata["labels"] as? [String: String] ?? [:]
                labels["bosun.dev/run"] = runID
                metadata = ["name": "bosun-run-\(runID)", "namespace": "bosun-system", "labels": labels,
                            "annotations": metadata["annotations"] ?? [:]]
                var data = template["data"] as? [String: String] ?? [:]
                let original = try #require(labels["bosun.dev/run"].map { _ in data["run.json"]! })
                var record = try #require(try JSONSerialization.jsonObject(with: Data(original.utf8)) as? [String: Any])
                record["runID"] = runID
                record["startedAt"] = String(format: "2025-01-01T00:%02d:%02d.000Z", index / 60, index % 60)
                data["run.json"] = String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
                list.append(["apiVersion": "v1", "kind": "ConfigMap", "metadata": metadata, "data": data])
            }
            let body = String(decoding: try JSONSerialization.data(withJSONObject: ["apiVersion": "v1", "kind": "List", "items": list]), as: UTF8.self)
            try await sandbox.kubectlOK(["create", "--validate=false", "-f", "-"], stdin: body)
            let b = try team.machine("b")
            #expect(try await b.history().count == 503)
            // The next run prunes to the newest 3 again.
            let pruning = try await a.bosun(Self.apply + ["--yes"])
            #expect(pruning.status == 0)
            names = try await sandbox.kubectlOK(["-n", "bosun-system", "get", "configmaps", "-l", selector, "-o", "name"])
            #expect(names.split(separator: "\n").count == 3)

            // The unreachable environment: history warns and lists this machine's runs; a
            // rollback refuses rather than choose from half the history.
            let gone = try await a.bosun(["history", Machine.planPath, "--env", "gone"])
            #expect(gone.status == 0 && gone.stderr.contains("warning: cannot connect to gone"), "\(gone)")
            let rollback = try await a.bosun(["rollback", Machine.planPath, "--env", "gone", "--yes"])
            #expect(rollback.status == 1 && rollback.stderr.contains("cannot connect to gone"), "\(rollback)")
        }
    }

    @Test("records: false: no cluster lock step, nothing written into bosun-system, and history reads the journal only")
    func recordsOff() async throws {
        try await SandboxFixture.with { sandbox in
            let team = try Team(sandbox: sandbox, extra: "records: false")
            defer { team.remove() }
            let a = try team.machine("a")
            let plan = try await a.bosun(["plan", Machine.planPath, "--env", "dev"])
            #expect(!plan.stdout.contains("cluster-lock"))
            let run = try await a.bosun(Self.apply + ["--yes"])
            #expect(run.status == 0, "\(run.stdout.suffix(1500))")
            let objects = try await sandbox.kubectl(["-n", "bosun-system", "get", "configmaps,leases", "-o", "name"])
            #expect(objects.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(objects)")
            // Without records the unreachable environment is never connected to.
            let gone = try await a.bosun(["history", Machine.planPath, "--env", "gone"])
            #expect(gone.status == 0 && !gone.stderr.contains("warning"), "\(gone)")
            // And a run without a terminal cannot wait for `bosun approve`: refused as before.
            let unattended = try await a.bosun(Self.apply)
            #expect(unattended.status == 1 && unattended.stdout.contains("re-run with --yes or from a terminal"))
        }
    }
}
