import Foundation
import Testing

/// The plans shipped in `plans/` must stay valid and show what their runbooks do.
@Suite("the example plans in plans/")
struct ExamplePlansTests {
    static let plans = ["ecotrack/ecotrack.yaml", "aks-operations/aks-operations.yaml",
                        "aks-operations/dr-restore-database.yaml", "ecommerce/ecommerce.yaml"]

    private func bosun(_ arguments: [String]) async throws -> BosunProcess.Result {
        try await BosunProcess.run(arguments, in: BosunProcess.repositoryRoot.path,
                             environment: ["BOSUN_STATE_DIR": "/tmp/bosun-example-state"])
    }

    @Test("every example plan validates for all its environments", arguments: plans)
    func validates(plan: String) async throws {
        let result = try await bosun(["validate", "plans/" + plan])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("valid — "))
    }

    @Test("the EcoTrack dev plan runs runbook 002 in order: terraform foundation, connect, databases before services")
    func ecotrackOrder() async throws {
        let result = try await bosun(["plan", "plans/ecotrack/ecotrack.yaml", "--env", "dev", "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let steps = try #require(json["steps"] as? [[String: Any]])
        let level = Dictionary(uniqueKeysWithValues: steps.map { ($0["id"] as! String, $0["level"] as! Int) })
        let argv = Dictionary(uniqueKeysWithValues: steps.map { step in
            (step["id"] as! String, (step["commands"] as! [[String: Any]]).compactMap { $0["argv"] as? [String] })
        })

        #expect(argv["terraform-init:terraform/environments/dev"] == [["terraform", "-chdir=terraform/environments/dev", "init", "-input=false", "-no-color"]])
        #expect(try #require(level["foundation/module.vpc"]) < level["foundation/module.iam"]!)
        #expect(try #require(level["foundation/module.eks"]) < level["foundation/connect"]!)
        #expect(argv["foundation/connect"]?.first?.prefix(7) == ["aws", "eks", "update-kubeconfig", "--region", "us-east-1", "--name", "eks-learning-lab-dev-cluster"])
        #expect(try #require(level["postgres"]) < level["user-service"]!)
        #expect(try #require(level["redis"]) < level["user-service"]!)
        // Ingress modules are independent of each other: one level.
        #expect(level["ingress/module.cert-manager"] == level["ingress/module.external-dns"])

        let kubeconfig = "/tmp/bosun-example-state/runs/<run>/kubeconfig"
        let kubectl = argv.values.flatMap { $0 }.filter { $0.first == "kubectl" }
        #expect(!kubectl.isEmpty)
        for command in kubectl {
            #expect(Array(command[1...2]) == ["--kubeconfig", kubeconfig], "\(command)")
        }
        let release = try #require(steps.first { $0["id"] as? String == "release-user-service" })
        let undo = (release["onFailure"] as? [[String: Any]])?.compactMap { $0["argv"] as? [String] }
        #expect(undo?.contains { $0.contains("undo") && $0.contains("--to-revision={capture:revision-before:ecotrack/user-service}") } == true)
    }

    @Test("example environments print a text plan with no reference to ~/.kube", arguments: [
        ("ecotrack/ecotrack.yaml", "local"), ("aks-operations/aks-operations.yaml", "prod"),
        ("ecommerce/ecommerce.yaml", "dev"),
    ])
    func textPlans(plan: String, environment: String) async throws {
        let result = try await bosun(["plan", "plans/" + plan, "--env", environment])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("Critical path"))
        #expect(!result.stdout.contains("~/.kube"))
    }
}
