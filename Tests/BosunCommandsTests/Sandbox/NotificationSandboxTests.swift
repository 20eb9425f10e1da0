import Foundation
import Testing

/// Notifications of releases against the sandbox: a bad release undone by the run itself, and a
/// `bosun rollback`, are both `rolled_back`, told apart by their outcome and command.
@Suite("run notifications of rollbacks, against the sandbox", .serialized)
struct NotificationSandboxTests {
    @Test("a release undone automatically (exit 3) and a bosun rollback each send rolled_back")
    func rolledBack() async throws {
        let receiver = try await WebhookReceiver().started()
        defer { receiver.stop() }
        try await SandboxFixture.with { sandbox in
            let project = try GitProject()
            defer { project.remove() }
            try project.write("plans/shop/shop.yaml", ReleaseSafetyTests.plan(kubeconfig: sandbox.kubeconfig))
            try project.write("plans/shop/k8s/web.yaml", ReleaseSafetyTests.manifest)
            try project.commit(version: "shop")
            let apply = ["apply", "plans/shop/shop.yaml", "--env", "local", "--notify", receiver.url("/hooks/shop")]

            #expect(try await project.bosun(apply).status == 0)
            let first = try project.newestRunID()
            #expect(try await project.bosun(apply + ["--set", "version=v2.0.0"]).status == 0)
            let bad = try await project.bosun(apply + ["--set", "version=v3.0.0-bad"])
            #expect(bad.status == 3, "\(bad.stdout.suffix(2000))")
            let undone = try #require(receiver.body(of: "rolled_back"))
            #expect(undone["command"] as? String == "apply" && undone["outcome"] as? String == "failed")
            #expect(undone["exitCode"] as? Int == 3)
            let steps = try #require(undone["failedSteps"] as? [[String: Any]])
            #expect(steps.map { $0["id"] as? String } == ["release-web"] && steps.first?["state"] as? String == "rolledBack")
            #expect((undone["text"] as? String)?.contains("rolled back: the release failed and was undone (exit 3)") == true)

            let rollback = try await project.bosun(["rollback", "plans/shop/shop.yaml", "--env", "local", "--yes",
                                                    "--notify", receiver.url("/hooks/rollback")])
            #expect(rollback.status == 0, "\(rollback.stdout.suffix(2000))\(rollback.stderr)")
            let restored = try #require(receiver.requests.last { $0.path == "/hooks/rollback" && $0.json["event"] as? String != "started" }?.json)
            #expect(restored["event"] as? String == "rolled_back")
            #expect(restored["command"] as? String == "rollback" && restored["outcome"] as? String == "succeeded")
            #expect(restored["restores"] as? String == first, "v2 is live (v3 undid itself): v1 comes back")
            #expect(receiver.requests.filter { $0.path == "/hooks/rollback" }.count == 2, "started and rolled_back")
        }
    }
}
