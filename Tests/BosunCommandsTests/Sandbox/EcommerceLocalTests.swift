import Foundation
import Testing

/// Runbooks 000 and 001 (plans/ecommerce) end to end on the sandbox, with the real kubectl.
@Suite("plans/ecommerce on the sandbox")
struct EcommerceLocalTests {
    @Test("the ecommerce plan's local environment deploys every step but the exec ones, twice in a row")
    func ecommerceOnTheSandbox() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-ecommerce-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/plans", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: BosunProcess.repositoryRoot.appendingPathComponent("plans/ecommerce").path,
                                         toPath: root + "/plans/ecommerce")
        // As at a repository's root: the plan's local kubeconfig is ../../.bosun/sandbox/kubeconfig.
        let environment = ["BOSUN_STATE_DIR": root + "/.bosun"]
        let bosun = { (arguments: [String]) in try await BosunProcess.start(arguments, in: root, environment: environment).finish() }
        let started = try await bosun(["sandbox", "start", "--ready-delay", "0.2", "--port", "0"])
        try #require(started.status == 0, "\(started.stderr)")
        let plan = ["plans/ecommerce/ecommerce.yaml", "--env", "local", "--yes"]
        let first = try await bosun(["apply"] + plan)
        let second = try await bosun(["apply"] + plan)
        _ = try await bosun(["sandbox", "stop"])
        #expect(first.status == 0, "\(first.stdout.suffix(4000))\(first.stderr)")
        #expect(first.stdout.contains("Run succeeded"))
        for step in ["backend-health", "frontend-health", "backup-completed", "test-recovery-pod", "backend-restarted"] {
            let line = first.stdout.split(separator: "\n").first { $0.contains("] \(step) (") }
            #expect(line?.hasPrefix("ok") == true, "\(step): \(line ?? "not run")")
        }
        #expect(!first.stdout.contains("database-accepting"), "kubectl exec needs a container: not on the sandbox")
        #expect(second.status == 0, "a second run converges: \(second.stdout.suffix(3000))")
    }
}
