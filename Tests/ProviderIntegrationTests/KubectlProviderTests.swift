import Foundation
import Testing

/// The kubectl profile with real kubectl: one context of a user's kubeconfig copied into the run's
/// own, against a local HTTPS stand-in for the API server (no cluster runs here).
@Suite("kubectl provider and bosun doctor with real kubectl")
struct KubectlProviderTests {
    static let plan = """
        plan: kube-demo
        # The stand-in API server answers /readyz only: no records or lock kept there (docs/records.md).
        records: false
        environments:
          alpha: { provider: kubectl, kubeconfig: two-contexts.yaml, context: alpha }
          down: { provider: kubectl, kubeconfig: two-contexts.yaml, context: down }
        phases:
          - name: cluster
            steps:
              - { id: connect, connect: cluster }
              - { id: readyz, run: [kubectl, get, --raw, /readyz] }

        """

    /// Context `alpha` reaches the stand-in (CA by file, so the copy must inline it); context
    /// `down` names a port nothing listens on. The file's current context is `down`.
    static func twoContexts(apiServer: StandIn) -> String {
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: alpha-cluster
          cluster: { server: "\(apiServer.url)", certificate-authority: "\(apiServer.caFile)" }
        - name: down-cluster
          cluster: { server: "https://127.0.0.1:1", insecure-skip-tls-verify: true }
        users:
        - name: alpha-user
          user: { token: alpha-token }
        - name: down-user
          user: { token: down-token }
        contexts:
        - name: alpha
          context: { cluster: alpha-cluster, user: alpha-user }
        - name: down
          context: { cluster: down-cluster, user: down-user }
        current-context: down

        """
    }

    struct World {
        let sandbox: Sandbox
        let apiServer: StandIn
        let environment: [String: String]
        let original: String
        let apiFolder: String

        init() async throws {
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-api-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            apiFolder = root
            apiServer = try await StandIn.start(script: "kube_api_standin.py", arguments: [root, "--token", "alpha-token"], folder: root)
            original = KubectlProviderTests.twoContexts(apiServer: apiServer)
            sandbox = try Sandbox(plan: KubectlProviderTests.plan, files: ["two-contexts.yaml": original])
            environment = sandbox.environment([:], pathFolders: [])
        }

        func bosun(_ arguments: [String]) async throws -> CLI.Result {
            try await CLI.run([CLI.bosun] + arguments, in: sandbox.project, environment: environment)
        }

        func kubectl(_ arguments: [String]) async throws -> String {
            try await CLI.run(["kubectl"] + arguments, in: sandbox.root, environment: environment).stdout
        }

        func stop() {
            apiServer.stop()
            sandbox.remove()
            try? FileManager.default.removeItem(atPath: apiFolder)
        }
    }

    @Test("the run kubeconfig holds only the chosen context, self-contained, and kubectl steps use it")
    func chosenContextOnly() async throws {
        let world = try await World()
        defer { world.stop() }
        let result = try await world.bosun(["apply", "plan.yaml", "--env", "alpha"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("[readyz] ok"))

        let kubeconfig = try world.sandbox.runFolder() + "/kubeconfig"
        #expect(try await world.kubectl(["config", "get-contexts", "-o", "name", "--kubeconfig", kubeconfig]) == "alpha\n")
        #expect(try await world.kubectl(["config", "current-context", "--kubeconfig", kubeconfig]) == "alpha\n")
        let copy = try world.sandbox.read(kubeconfig)
        #expect(!copy.contains("down"), "nothing of the other context is copied")
        #expect(copy.contains("certificate-authority-data"), "the CA file is inlined, so the copy stands alone")
        #expect(try world.sandbox.read(world.sandbox.project + "/two-contexts.yaml") == world.original)
        #expect(world.sandbox.changedUserFiles() == [])
    }

    @Test("doctor runs the preflight, connect and health, and prints each with ok")
    func doctorHealthy() async throws {
        let world = try await World()
        defer { world.stop() }
        let result = try await world.bosun(["doctor", "plan.yaml", "--env", "alpha"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains(#/ok +kubectl +Client Version/#), "\(result.stdout)")
        #expect(result.stdout.contains(#/ok +kubectl config view --kubeconfig \S+two-contexts.yaml --minify --flatten --context alpha/#))
        #expect(result.stdout.contains(#/ok +kubectl --kubeconfig \S+ get --raw /readyz/#))
        #expect(result.stdout.contains("all checks passed"))
        #expect(!FileManager.default.fileExists(atPath: world.sandbox.project + "/.bosun"), "doctor leaves no run behind")
        #expect(world.sandbox.changedUserFiles() == [])
    }

    @Test("doctor against an unreachable server reports health failed and exits 1")
    func doctorUnreachable() async throws {
        let world = try await World()
        defer { world.stop() }
        let result = try await world.bosun(["doctor", "plan.yaml", "--env", "down"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains(#/ok +kubectl config view .* --context down/#), "connect itself works: \(result.stdout)")
        #expect(result.stdout.contains(#/failed +kubectl --kubeconfig \S+ get --raw /readyz/#), "\(result.stdout)")
        #expect(result.stdout.contains("The connection to the server 127.0.0.1:1 was refused"), "kubectl's own message is shown: \(result.stdout)")
        #expect(result.stdout.contains("1 check failed"))
    }
}
