import Foundation
import Testing

/// The aks profile with the real `az` CLI against a local HTTPS stand-in for Azure's token and
/// Resource Manager endpoints (registered as a custom cloud; no cloud here), and real kubectl
/// against a stand-in API server.
@Suite("AKS provider with the real az CLI against an Azure stand-in")
struct AKSProviderTests {
    static let tenant = "11111111-1111-1111-1111-111111111111"
    static let subscription = "22222222-2222-2222-2222-222222222222"
    static let clientID = "33333333-3333-3333-3333-333333333333"
    /// A fake service-principal secret the stand-in accepts; never a real credential.
    static let clientSecret = "bosun-test-not-a-secret"

    static let plan = """
        plan: aks-demo
        # The stand-in API server stores nothing of its own: no records or lock kept there (docs/records.md).
        records: false
        environments:
          prod: { provider: aks, cluster: demo, resource_group: rg-test }
          pinned: { provider: aks, cluster: demo, resource_group: rg-test, subscription: \(subscription) }
          absent: { provider: aks, cluster: absent, resource_group: rg-test }
        phases:
          - name: cluster
            steps:
              - { id: connect, connect: cluster }
              - { id: readyz, run: [kubectl, get, --raw, /readyz] }

        """

    struct World {
        let sandbox: Sandbox
        let azure: StandIn
        let apiServer: StandIn
        let environment: [String: String]
        var statePath: String { sandbox.root + "/azure-state.json" }

        /// `upstream`: the plain-HTTP API server (a sandbox) the stand-in forwards to; without it,
        /// the stand-in answers /readyz only.
        init(plan: String = AKSProviderTests.plan, files: [String: String] = [:], upstream: String? = nil) async throws {
            try TestTools.require(TestTools.azureCLI + "/az")
            sandbox = try Sandbox(plan: plan, files: files)
            let forward = upstream.map { ["--forward", $0] } ?? []
            apiServer = try await StandIn.start(script: "kube_api_standin.py", arguments: [sandbox.root + "/api", "--token", "aks-user-token"] + forward,
                                    folder: sandbox.root)
            let placeholder = try JSONSerialization.data(withJSONObject: ["tenant": tenant, "subscription": subscription, "clusters": [:]])
            try placeholder.write(to: URL(fileURLWithPath: sandbox.root + "/azure-state.json"))
            azure = try await StandIn.start(script: "azure_standin.py", arguments: [sandbox.root + "/azure", sandbox.root + "/azure-state.json"],
                                folder: sandbox.root)
            environment = sandbox.environment([
                "AZURE_CONFIG_DIR": sandbox.root + "/azure-config",
                "REQUESTS_CA_BUNDLE": azure.caFile,
                "AZURE_CORE_COLLECT_TELEMETRY": "false",
            ], pathFolders: [TestTools.azureCLI])
            try setCluster(powerState: "Running")
            try await logIn()
        }

        /// The cluster `rg-test/demo`, whose user credential is a kubeconfig for the stand-in API server.
        func setCluster(powerState: String) throws {
            let ca = try Data(contentsOf: URL(fileURLWithPath: apiServer.caFile)).base64EncodedString()
            let kubeconfig = """
                apiVersion: v1
                kind: Config
                clusters: [{name: demo, cluster: {server: "\(apiServer.url)", certificate-authority-data: \(ca)}}]
                users: [{name: clusterUser_rg-test_demo, user: {token: aks-user-token}}]
                contexts: [{name: demo, context: {cluster: demo, user: clusterUser_rg-test_demo}}]
                current-context: demo

                """
            let state: [String: Any] = [
                "tenant": tenant, "subscription": subscription, "client_id": clientID, "client_secret": clientSecret,
                "clusters": ["rg-test/demo": ["powerState": powerState, "kubeconfig": kubeconfig]],
            ]
            try JSONSerialization.data(withJSONObject: state).write(to: URL(fileURLWithPath: statePath), options: .atomic)
        }

        /// What a user does once: register the cloud and log in with a service principal.
        private func logIn() async throws {
            for argv in [
                ["az", "cloud", "register", "--name", "BosunTest", "--endpoint-resource-manager", azure.url + "/"],
                ["az", "cloud", "set", "--name", "BosunTest"],
                // MSAL would otherwise validate the authority against login.microsoftonline.com.
                ["az", "config", "set", "core.instance_discovery=false"],
                ["az", "login", "--service-principal", "--username", clientID, "--password", clientSecret,
                 "--tenant", tenant, "--output", "none"],
            ] {
                let result = try await CLI.run(argv, in: sandbox.root, environment: environment)
                guard result.status == 0 else {
                    throw TestTools.Missing(description: "\(argv.prefix(3).joined(separator: " ")) failed: \(result.stderr)")
                }
            }
        }

        func bosun(_ arguments: [String]) async throws -> CLI.Result {
            try await CLI.run([CLI.bosun] + arguments, in: sandbox.project, environment: environment)
        }

        func azureRequests() throws -> String { try sandbox.read(azure.announcement["requests"] as! String) }

        func stop() {
            azure.stop()
            apiServer.stop()
            sandbox.remove()
        }
    }

    @Test("connect gets the cluster user's kubeconfig into the run file; a Running cluster is healthy; kubectl uses it")
    func connectRunning() async throws {
        let world = try await World()
        defer { world.stop() }
        let result = try await world.bosun(["apply", "plan.yaml", "--env", "prod"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("[readyz] ok"))

        let kubeconfig = try world.sandbox.runFolder() + "/kubeconfig"
        let server = try await CLI.run(["kubectl", "config", "view", "--kubeconfig", kubeconfig, "-o", "jsonpath={.clusters[0].cluster.server}"],
                                 in: world.sandbox.root, environment: world.environment)
        #expect(server.stdout == world.apiServer.url)
        let requests = try world.azureRequests()
        #expect(requests.contains("POST /subscriptions/\(Self.subscription)/resourceGroups/rg-test/providers/Microsoft.ContainerService/managedClusters/demo/listClusterUserCredential"))
        #expect(requests.contains("GET /subscriptions/\(Self.subscription)/resourceGroups/rg-test/providers/Microsoft.ContainerService/managedClusters/demo\n"))
        #expect(world.sandbox.changedUserFiles() == [])
    }

    @Test("plan --live connects with az, previews through the cluster user's token, and changes nothing")
    func livePreview() async throws {
        try await SimulatedCluster.with { cluster in
            let world = try await World(plan: LivePreviewScenario.plan(environment: "prod: { provider: aks, cluster: demo, resource_group: rg-test }"),
                                        files: LivePreviewScenario.files, upstream: cluster.url)
            defer { world.stop() }
            try await LivePreviewScenario(cluster: cluster, environment: "prod", credential: "static-token", bosun: world.bosun,
                                          apiRequests: { try world.sandbox.read(world.apiServer.announcement["requests"] as! String) }).run()
            let azure = try world.azureRequests()
            #expect(azure.contains("POST /subscriptions/\(Self.subscription)/resourceGroups/rg-test/providers/Microsoft.ContainerService/managedClusters/demo/listClusterUserCredential"),
                    "the kubeconfig came from az aks get-credentials: \(azure)")
            #expect(!FileManager.default.fileExists(atPath: world.sandbox.project + "/.bosun/runs"), "a preview journals no run")
            #expect(world.sandbox.changedUserFiles() == [])
        }
    }

    @Test("a Stopped cluster fails the health check, which wants Running")
    func stoppedCluster() async throws {
        let world = try await World()
        defer { world.stop() }
        try world.setCluster(powerState: "Stopped")
        let result = try await world.bosun(["apply", "plan.yaml", "--env", "prod"])
        #expect(result.status == 1)
        #expect(result.output.contains("expected output Running, got Stopped"), "\(result.output)")
        #expect(!result.stdout.contains("[readyz]"), "nothing after connect ran")

        let doctor = try await world.bosun(["doctor", "plan.yaml", "--env", "pinned"])
        #expect(doctor.status == 1)
        #expect(doctor.stdout.contains(#/ok +az aks get-credentials .* --subscription 2222/#), "\(doctor.stdout)")
        #expect(doctor.stdout.contains(#/failed +az aks show .* --subscription 2222/#), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("expected output Running, got Stopped"))
    }

    @Test("a cluster that does not exist fails the connect step with az's message")
    func missingCluster() async throws {
        let world = try await World()
        defer { world.stop() }
        let result = try await world.bosun(["apply", "plan.yaml", "--env", "absent"])
        #expect(result.status == 1)
        #expect(result.stdout.contains(
            "(ResourceNotFound) The Resource 'Microsoft.ContainerService/managedClusters/absent' under resource group 'rg-test' was not found."),
            "\(result.output)")
        #expect(world.sandbox.changedUserFiles() == [])
    }
}
