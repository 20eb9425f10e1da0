import Foundation
import Testing

/// Real kubectl against the sandbox, for the namespace, apply and get commands of the plans and runbooks.
@Suite("Sandbox with real kubectl: namespaces, apply, get, delete")
struct KubectlNamespaceTests {
    static let repository = BosunProcess.repositoryRoot.path
    static let ecotrack = repository + "/plans/ecotrack/k8s"

    @Test("create and label a namespace; apply a Namespace from stdin as Bosun does; apply is idempotent")
    func namespaces() async throws {
        try await SandboxFixture.with { sandbox in
            #expect(try await sandbox.kubectlOK(["create", "namespace", "ecotrack"]).contains("namespace/ecotrack created"))
            let duplicate = try await sandbox.kubectl(["create", "namespace", "ecotrack"])
            #expect(duplicate.status != 0 && duplicate.stderr.contains("AlreadyExists"))
            try await sandbox.kubectlOK(["label", "namespace", "ecotrack", "istio-injection=enabled"])
            let labels = try await sandbox.json(["namespace", "ecotrack"]).value("metadata", "labels") as? [String: String]
            #expect(labels?["istio-injection"] == "enabled")

            let manifest = "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: payments\n  labels: {istio-injection: enabled}\n"
            #expect(try await sandbox.kubectlOK(["apply", "-f", "-"], stdin: manifest).contains("namespace/payments created"))
            #expect(try await sandbox.kubectlOK(["apply", "-f", "-"], stdin: manifest).contains("namespace/payments unchanged"))
        }
    }

    @Test("apply the example manifests (files and a folder), wait for them, get with -l and -o json, delete")
    func applyWaitGetDelete() async throws {
        try await SandboxFixture.with { sandbox in
            try await sandbox.kubectlOK(["create", "namespace", "ecotrack"])
            try await sandbox.kubectlOK(["apply", "-f", Self.ecotrack + "/database/postgres-cluster.yaml"])
            try await sandbox.kubectlOK(["apply", "-f", Self.ecotrack + "/database/redis-cluster.yaml"])
            try await sandbox.kubectlOK(["wait", "--for=condition=Ready", "pod", "-l", "app=postgres-primary", "-n", "ecotrack", "--timeout=20s"])
            try await sandbox.kubectlOK(["apply", "-f", Self.ecotrack + "/services/user-service/"])
            let waited = try await sandbox.kubectlOK(["wait", "--for=condition=Available", "deployment/user-service", "-n", "ecotrack", "--timeout=20s"])
            #expect(waited.contains("condition met"))

            let pods = try await sandbox.json(["pods", "-n", "ecotrack", "-l", "app=user-service"]).items
            #expect(pods.count == 2)
            #expect(pods.allSatisfy { $0.value("status", "phase") as? String == "Running" })
            let table = try await sandbox.kubectlOK(["get", "pods", "-n", "ecotrack"])
            #expect(table.contains("READY") && table.contains("postgres-primary-0") && table.contains("Running"))
            let byName = try await sandbox.json(["pods", "-n", "ecotrack", "--field-selector", "metadata.name=redis-0"]).items
            #expect(byName.map(\.name) == ["redis-0"])
            let secret = try await sandbox.json(["secret", "postgres-credentials", "-n", "ecotrack"])
            #expect((secret.value("data", "username") as? String) == Data("ecotrack".utf8).base64EncodedString())

            try await sandbox.kubectlOK(["delete", "-f", Self.ecotrack + "/services/user-service/"])
            try await Task.sleep(for: .milliseconds(300))
            #expect(try await sandbox.json(["pods", "-n", "ecotrack", "-l", "app=user-service"]).items.isEmpty)
            let gone = try await sandbox.kubectl(["get", "deployment", "user-service", "-n", "ecotrack"])
            #expect(gone.status != 0 && gone.stderr.contains("NotFound"))
        }
    }

    @Test("pods in a namespace labelled istio-injection=enabled get an istio-proxy sidecar")
    func sidecar() async throws {
        try await SandboxFixture.with { sandbox in
            try await sandbox.kubectlOK(["create", "namespace", "ecotrack"])
            try await sandbox.kubectlOK(["label", "namespace", "ecotrack", "istio-injection=enabled"])
            try await sandbox.kubectlOK(["create", "namespace", "plain"])
            try await sandbox.kubectlOK(["apply", "-f", Self.ecotrack + "/database/redis-cluster.yaml"])
            try await sandbox.kubectlOK(["run", "probe", "--image=busybox", "-n", "plain"])
            let injected = try await sandbox.kubectlOK(["get", "pod", "redis-0", "-n", "ecotrack", "-o", "jsonpath={.spec.containers[*].name}"])
            #expect(injected == "redis istio-proxy")
            let plain = try await sandbox.kubectlOK(["get", "pod", "probe", "-n", "plain", "-o", "jsonpath={.spec.containers[*].name}"])
            #expect(plain == "probe")
        }
    }

    @Test("server-side apply creates and updates")
    func serverSideApply() async throws {
        try await SandboxFixture.with { sandbox in
            try await sandbox.kubectlOK(["create", "namespace", "ecotrack"])
            // The plan renders the image from ${version}; kubectl alone is given it written out.
            let manifest = try String(contentsOfFile: Self.ecotrack + "/services/user-service/deployment.yaml", encoding: .utf8)
                .replacingOccurrences(of: "${version}", with: "v1.1.0")
            #expect(try await sandbox.kubectlOK(["apply", "--server-side", "-f", "-"], stdin: manifest).contains("serverside-applied"))
            let changed = manifest.replacingOccurrences(of: "v1.1.0", with: "v1.3.0")
            try await sandbox.kubectlOK(["apply", "--server-side", "-f", "-"], stdin: changed)
            let image = try await sandbox.kubectlOK(["get", "deploy", "user-service", "-n", "ecotrack", "-o", "jsonpath={.spec.template.spec.containers[0].image}"])
            #expect(image == "registry/user-service:v1.3.0")
        }
    }
}
