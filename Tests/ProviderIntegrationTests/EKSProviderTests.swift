import Foundation
import Testing

/// The eks profile with the real `aws` CLI against moto (a local stand-in for AWS: no cloud
/// here), and real kubectl against a local HTTPS stand-in for the cluster's API server.
@Suite("EKS provider with the real aws CLI against moto")
struct EKSProviderTests {
    static let plan = """
        plan: eks-demo
        # The stand-in API server stores nothing of its own: no records or lock kept there (docs/records.md).
        records: false
        environments:
          dev: { provider: eks, cluster: demo, region: us-east-1 }
          absent: { provider: eks, cluster: absent, region: us-east-1 }
          creating: { provider: eks, cluster: slow, region: us-east-1 }
          updating: { provider: eks, cluster: busy, region: us-east-1 }
        phases:
          - name: foundation
            steps:
              - { id: connect, connect: cluster }
              - { id: readyz, run: [kubectl, get, --raw, /readyz] }
              - { id: environment, run: [sh, -c, "env | grep -E '^(AWS_|AZURE_|KUBECONFIG=)' | sort > env-seen-by-steps.txt"] }

        """

    /// moto, the API server stand-in, and the environment of a user pointed at them.
    struct World {
        let sandbox: Sandbox
        let moto: StandIn
        let apiServer: StandIn
        let environment: [String: String]
        /// What the user set; Bosun must hand exactly these to every step.
        static func awsSettings(endpoint: String) -> [String: String] {
            // Fake credentials: moto accepts any, and `aws eks get-token` signs offline with them.
            ["AWS_ENDPOINT_URL": endpoint, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
             "AWS_DEFAULT_REGION": "us-east-1"]
        }

        /// `upstream`: the plain-HTTP API server (a sandbox) the stand-in forwards to; without it,
        /// the stand-in answers /readyz only.
        init(plan: String = EKSProviderTests.plan, files: [String: String] = [:], upstream: String? = nil) async throws {
            try TestTools.require(TestTools.awsTools + "/aws")
            sandbox = try Sandbox(plan: plan, files: files)
            moto = try await StandIn.start(script: "moto_eks_server.py", arguments: [], folder: sandbox.root)
            let forward = upstream.map { ["--forward", $0] } ?? []
            apiServer = try await StandIn.start(script: "kube_api_standin.py", arguments: [sandbox.root + "/api", "--eks"] + forward,
                                                folder: sandbox.root)
            environment = sandbox.environment(Self.awsSettings(endpoint: moto.url), pathFolders: [TestTools.awsTools])
        }

        func createCluster(_ name: String, tags: [String: String]) async throws {
            let tagJSON = String(decoding: try JSONSerialization.data(withJSONObject: tags), as: UTF8.self)
            let created = try await CLI.run(
                ["aws", "eks", "create-cluster", "--name", name, "--role-arn", "arn:aws:iam::123456789012:role/eks",
                 "--resources-vpc-config", "subnetIds=subnet-1", "--tags", tagJSON, "--query", "cluster.status", "--output", "text"],
                in: sandbox.root, environment: environment)
            #expect(created.status == 0, "\(created.stderr)")
        }

        /// A cluster whose endpoint and CA are the stand-in API server's.
        func createReachableCluster(_ name: String) async throws {
            let ca = try Data(contentsOf: URL(fileURLWithPath: apiServer.caFile)).base64EncodedString()
            try await createCluster(name, tags: ["bosun-test/endpoint": apiServer.url, "bosun-test/ca": ca])
        }

        func bosun(_ arguments: [String]) async throws -> CLI.Result {
            try await CLI.run([CLI.bosun] + arguments, in: sandbox.project, environment: environment)
        }

        func kubeconfigField(_ kubeconfig: String, _ jsonPath: String) async throws -> String {
            try await CLI.run(["kubectl", "config", "view", "--kubeconfig", kubeconfig, "--raw", "-o", "jsonpath=\(jsonPath)"],
                        in: sandbox.root, environment: environment).stdout
        }

        func stop() {
            moto.stop()
            apiServer.stop()
            sandbox.remove()
        }
    }

    @Test("connect writes a run kubeconfig (server, CA, aws eks get-token) that real kubectl uses end to end")
    func connectAndUse() async throws {
        let world = try await World()
        defer { world.stop() }
        try await world.createReachableCluster("demo")

        let result = try await world.bosun(["apply", "plan.yaml", "--env", "dev"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("[readyz] ok"))

        let kubeconfig = try world.sandbox.runFolder() + "/kubeconfig"
        #expect(try await world.kubeconfigField(kubeconfig, "{.clusters[0].cluster.server}") == world.apiServer.url)
        let ca = try Data(contentsOf: URL(fileURLWithPath: world.apiServer.caFile)).base64EncodedString()
        #expect(try await world.kubeconfigField(kubeconfig, "{.clusters[0].cluster.certificate-authority-data}") == ca)
        #expect(try await world.kubeconfigField(kubeconfig, "{.users[0].user.exec.command}") == "aws")
        let arguments = try await world.kubeconfigField(kubeconfig, "{.users[0].user.exec.args}")
        #expect(arguments.contains("\"get-token\""), "\(arguments)")
        #expect(arguments.contains("\"--cluster-name\",\"demo\""), "\(arguments)")

        // The API server saw kubectl's request with a signed EKS token that `aws eks get-token` made.
        let requests = try world.sandbox.read(world.apiServer.announcement["requests"] as! String)
        #expect(requests.contains(#""path": "/readyz", "credential": "eks-token""#), "\(requests)")
        #expect(!requests.contains("rejected"))

        #expect(world.sandbox.changedUserFiles() == [])
        let seen = try world.sandbox.read(world.sandbox.project + "/env-seen-by-steps.txt")
        let given = World.awsSettings(endpoint: world.moto.url).merging(["KUBECONFIG": world.sandbox.home + "/.kube/config"]) { $1 }
        #expect(seen == given.map { "\($0)=\($1)\n" }.sorted().joined(), "steps see the user's AWS_* settings unchanged")
    }

    @Test("plan --live connects with the aws CLI against moto, previews through the EKS token, and changes nothing")
    func livePreview() async throws {
        try await SimulatedCluster.with { cluster in
            let world = try await World(plan: LivePreviewScenario.plan(environment: "dev: { provider: eks, cluster: demo, region: us-east-1 }"),
                                        files: LivePreviewScenario.files, upstream: cluster.url)
            defer { world.stop() }
            try await world.createReachableCluster("demo")
            try await LivePreviewScenario(cluster: cluster, environment: "dev", credential: "eks-token", bosun: world.bosun,
                                          apiRequests: { try world.sandbox.read(world.apiServer.announcement["requests"] as! String) }).run()
            #expect(!FileManager.default.fileExists(atPath: world.sandbox.project + "/.bosun/runs"), "a preview journals no run")
            #expect(world.sandbox.changedUserFiles() == [])
        }
    }

    @Test("through the EKS token: a run keeps its record and lock in the cluster, and another state folder's history reads them")
    func recordsThroughEKS() async throws {
        try await SimulatedCluster.with { cluster in
            let world = try await World(plan: LivePreviewScenario.plan(environment: "dev: { provider: eks, cluster: demo, region: us-east-1 }"),
                                        files: LivePreviewScenario.files, upstream: cluster.url)
            defer { world.stop() }
            try await world.createReachableCluster("demo")
            let applied = try await world.bosun(["apply", "plan.yaml", "--env", "dev", "--yes"])
            #expect(applied.status == 0, "\(applied.output)")
            let records = try await cluster.kubectl(["-n", "bosun-system", "get", "configmaps", "-l", "app.kubernetes.io/component=run-record",
                                                     "-o", "jsonpath={.items[*].metadata.labels.bosun\\.dev/outcome}"])
            #expect(records == "succeeded")

            // Another machine: an empty state folder, the same plan and AWS settings.
            let other = world.sandbox.root + "/other-machine"
            let history = try await CLI.run([CLI.bosun, "history", "plan.yaml", "--env", "dev", "--json"], in: world.sandbox.project,
                                            environment: world.environment.merging(["BOSUN_STATE_DIR": other]) { $1 })
            #expect(history.status == 0, "\(history.output)")
            let runs = try JSONSerialization.jsonObject(with: Data(history.stdout.utf8)) as? [[String: Any]] ?? []
            #expect(runs.count == 1 && runs.first?["recordedInCluster"] as? Bool == true && runs.first?["outcome"] as? String == "succeeded")
            let lock = try await CLI.run([CLI.bosun, "lock", "status", "plan.yaml", "--env", "dev"], in: world.sandbox.project,
                                         environment: world.environment.merging(["BOSUN_STATE_DIR": other]) { $1 })
            #expect(lock.stdout.contains("not held"), "\(lock.output)")

            // Every request for the lock and the records carried the EKS token.
            let requests = try world.sandbox.read(world.apiServer.announcement["requests"] as! String)
            #expect(requests.contains("/apis/coordination.k8s.io/v1/namespaces/bosun-system/leases"), "\(requests)")
            #expect(requests.contains("/api/v1/namespaces/bosun-system/configmaps"))
            #expect(!requests.contains("rejected"))
        }
    }

    @Test("a cluster that does not exist fails the connect step with the aws CLI's message")
    func missingCluster() async throws {
        let world = try await World()
        defer { world.stop() }
        let result = try await world.bosun(["apply", "plan.yaml", "--env", "absent"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("No cluster found for name: absent"), "\(result.output)")
        #expect(result.stdout.contains("[readyz]") == false, "nothing after connect ran")
        #expect(world.sandbox.changedUserFiles() == [])
    }

    @Test("a cluster still CREATING fails the connect step, and its health check says so")
    func creatingCluster() async throws {
        let world = try await World()
        defer { world.stop() }
        try await world.createCluster("slow", tags: ["bosun-test/status": "CREATING"])
        let result = try await world.bosun(["apply", "plan.yaml", "--env", "creating"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Cluster status is CREATING"), "\(result.output)")

        let doctor = try await world.bosun(["doctor", "plan.yaml", "--env", "creating"])
        #expect(doctor.status == 1)
        #expect(doctor.stdout.contains("Cluster status is CREATING"), "\(doctor.output)")
        #expect(world.sandbox.changedUserFiles() == [])
    }

    @Test("a cluster UPDATING connects, but the health check wants ACTIVE")
    func updatingCluster() async throws {
        let world = try await World()
        defer { world.stop() }
        try await world.createCluster("busy", tags: ["bosun-test/status": "UPDATING"])
        let result = try await world.bosun(["apply", "plan.yaml", "--env", "updating", "--target", "connect"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("Added new context"), "update-kubeconfig accepts an UPDATING cluster: \(result.output)")
        #expect(result.output.contains("expected output ACTIVE, got UPDATING"), "\(result.output)")
    }
}
