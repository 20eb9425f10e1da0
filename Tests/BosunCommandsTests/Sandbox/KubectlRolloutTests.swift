import Foundation
import Testing

/// Real kubectl against the sandbox, for the rolling-update commands of the plans and runbooks.
@Suite("Sandbox with real kubectl: rollouts")
struct KubectlRolloutTests {
    static let userService = BosunProcess.repositoryRoot.path + "/plans/ecotrack/k8s/services/user-service/"

    /// The user-service manifests as the plan renders them at its default version (they take the
    /// image from ${version}).
    static var renderedUserService: String {
        get throws {
            let files = try FileManager.default.contentsOfDirectory(atPath: userService).filter { $0.hasSuffix(".yaml") }.sorted()
            return try files.map { try String(contentsOfFile: userService + $0, encoding: .utf8) }.joined(separator: "\n---\n")
                .replacingOccurrences(of: "${version}", with: "v1.1.0")
        }
    }
    let namespace = ["-n", "ecotrack"]

    /// A sandbox with user-service (2 replicas, maxSurge 1, maxUnavailable 0) rolled out.
    private func withUserService(_ body: (SandboxFixture) async throws -> Void) async throws {
        try await SandboxFixture.with { sandbox in
            try await sandbox.kubectlOK(["create", "namespace", "ecotrack"])
            try await sandbox.kubectlOK(["apply", "-f", "-"], stdin: Self.renderedUserService)
            try await sandbox.kubectlOK(["rollout", "status", "deployment/user-service", "--timeout=20s"] + namespace)
            try await body(sandbox)
        }
    }

    private func image(_ sandbox: SandboxFixture) async throws -> String {
        try await sandbox.kubectlOK(["get", "deploy", "user-service", "-o", "jsonpath={.spec.template.spec.containers[0].image}"] + namespace)
    }

    private func revisions(_ sandbox: SandboxFixture) async throws -> [String] {
        let history = try await sandbox.kubectlOK(["rollout", "history", "deployment/user-service"] + namespace)
        return history.split(separator: "\n").dropFirst(2).compactMap { $0.split(separator: " ").first.map(String.init) }
    }

    @Test("set image rolls out; history lists the revisions")
    func setImage() async throws {
        try await withUserService { sandbox in
            try await sandbox.kubectlOK(["set", "image", "deployment/user-service", "user-service=registry/user-service:v1.2.0"] + namespace)
            let status = try await sandbox.kubectlOK(["rollout", "status", "deployment/user-service", "--timeout=20s"] + namespace)
            #expect(status.contains("successfully rolled out"))
            #expect(try await revisions(sandbox) == ["1", "2"])
            let deployment = try await sandbox.json(["deploy", "user-service"] + namespace)
            #expect(deployment.value("status", "updatedReplicas") as? Int == 2)
            #expect(deployment.value("status", "availableReplicas") as? Int == 2)
            #expect(deployment.value("status", "replicas") as? Int == 2)
            let sets = try await sandbox.json(["rs", "-l", "app=user-service"] + namespace).items
            #expect(sets.map { $0.value("spec", "replicas") as? Int }.sorted { ($0 ?? 0) < ($1 ?? 0) } == [0, 2])
        }
    }

    @Test("a bad image times out rollout status; undo --to-revision restores the release")
    func badImageAndUndo() async throws {
        try await withUserService { sandbox in
            try await sandbox.kubectlOK(["set", "image", "deployment/user-service", "user-service=registry/user-service:v1.2.0"] + namespace)
            try await sandbox.kubectlOK(["rollout", "status", "deployment/user-service", "--timeout=20s"] + namespace)
            try await sandbox.kubectlOK(["set", "image", "deployment/user-service", "user-service=registry/user-service:broken"] + namespace)
            let stuck = try await sandbox.kubectl(["rollout", "status", "deployment/user-service", "--timeout=2s"] + namespace)
            #expect(stuck.status != 0)
            #expect(stuck.stderr.contains("timed out"))
            let pods = try await sandbox.kubectlOK(["get", "pods", "-l", "app=user-service"] + namespace)
            #expect(pods.contains("0/1"), "the broken pod runs but is not ready")

            #expect(try await sandbox.kubectlOK(["rollout", "undo", "deployment/user-service", "--to-revision=2"] + namespace).contains("rolled back"))
            try await sandbox.kubectlOK(["rollout", "status", "deployment/user-service", "--timeout=20s"] + namespace)
            #expect(try await image(sandbox) == "registry/user-service:v1.2.0")
            #expect(try await revisions(sandbox) == ["1", "3", "4"], "revision 2 comes back as 4, as on Kubernetes")
            let notReady = try await sandbox.json(["pods", "-l", "app=user-service"] + namespace).items.filter {
                ($0.value("status", "conditions") as? [[String: Any]] ?? []).contains { $0["type"] as? String == "Ready" && $0["status"] as? String != "True" }
            }
            #expect(notReady.isEmpty)
        }
    }

    @Test("undo without a revision goes back to the previous one")
    func undoPrevious() async throws {
        try await withUserService { sandbox in
            try await sandbox.kubectlOK(["set", "image", "deployment/user-service", "user-service=registry/user-service:v1.2.0"] + namespace)
            try await sandbox.kubectlOK(["rollout", "status", "deployment/user-service", "--timeout=20s"] + namespace)
            try await sandbox.kubectlOK(["rollout", "undo", "deployment/user-service"] + namespace)
            try await sandbox.kubectlOK(["rollout", "status", "deployment/user-service", "--timeout=20s"] + namespace)
            #expect(try await image(sandbox) == "registry/user-service:v1.1.0")
            let skipped = try await sandbox.kubectl(["rollout", "undo", "deployment/user-service", "--to-revision=3"] + namespace)
            #expect(skipped.stdout.contains("skipped rollback"), "\(skipped)")
        }
    }

    @Test("scale changes the number of pods; rollout restart makes a new ReplicaSet")
    func scaleAndRestart() async throws {
        try await withUserService { sandbox in
            #expect(try await sandbox.kubectlOK(["scale", "deployment", "user-service", "--replicas=3"] + namespace).contains("scaled"))
            try await sandbox.kubectlOK(["rollout", "status", "deployment/user-service", "--timeout=20s"] + namespace)
            #expect(try await sandbox.json(["pods", "-l", "app=user-service"] + namespace).items.count == 3)

            try await sandbox.kubectlOK(["rollout", "restart", "deployment/user-service"] + namespace)
            try await sandbox.kubectlOK(["rollout", "status", "deployment/user-service", "--timeout=20s"] + namespace)
            #expect(try await revisions(sandbox) == ["1", "2"])
            let pods = try await sandbox.json(["pods", "-l", "app=user-service"] + namespace).items
            let restarted = try await sandbox.kubectlOK(["get", "deploy", "user-service", "-o", "jsonpath={.spec.template.metadata.annotations}"] + namespace)
            #expect(restarted.contains("kubectl.kubernetes.io/restartedAt"))
            #expect(pods.count == 3)
            #expect(Set(pods.compactMap { $0.value("metadata", "labels", "pod-template-hash") as? String }).count == 1)
        }
    }

    @Test("a watch streams the changes, as kubectl get --watch shows them")
    func watch() async throws {
        try await SandboxFixture.with { sandbox in
            try await sandbox.kubectlOK(["create", "namespace", "ecotrack"])
            async let watched = sandbox.kubectl(["get", "deployments", "-n", "ecotrack", "--watch", "--output-watch-events", "-o", "json", "--request-timeout=3s"])
            try await Task.sleep(for: .milliseconds(700))
            try await sandbox.kubectlOK(["apply", "-f", "-"], stdin: Self.renderedUserService)
            let output = try await watched.stdout
            #expect(output.contains("ADDED"))
            #expect(output.contains("MODIFIED"))
            #expect(output.contains("\"name\":\"user-service\""))
        }
    }

    @Test("jobs complete and statefulsets roll out")
    func jobsAndStatefulSets() async throws {
        try await SandboxFixture.with { sandbox in
            try await sandbox.kubectlOK(["create", "namespace", "ecotrack"])
            let job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate, namespace: ecotrack}\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: migrate, image: flyway:10}]\n"
            try await sandbox.kubectlOK(["apply", "-f", "-"], stdin: job)
            try await sandbox.kubectlOK(["wait", "--for=condition=Complete", "job/migrate", "-n", "ecotrack", "--timeout=20s"])
            try await sandbox.kubectlOK(["apply", "-f", BosunProcess.repositoryRoot.path + "/plans/ecotrack/k8s/database/postgres-cluster.yaml"])
            let status = try await sandbox.kubectlOK(["rollout", "status", "statefulset/postgres-primary", "-n", "ecotrack", "--timeout=20s"])
            #expect(status.contains("roll out complete"))
            try await sandbox.kubectlOK(["wait", "--for=condition=Ready", "node", "--all", "--timeout=5s"])
        }
    }
}
