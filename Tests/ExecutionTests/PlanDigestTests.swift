import PlanModel
import Testing
@testable import Execution

@Suite("Plan digests and relocation")
struct PlanDigestTests {
    /// The same plan as compiled for two runs: different run folders and plan folders.
    private func plan(folder: String, run: String, argv: [String] = ["kubectl", "apply", "-f", "k8s/app.yaml"]) -> CompiledPlan {
        var plan = TestPlan.make([
            .exec("apply", argv + ["--kubeconfig", run + "/kubeconfig"]),
            .exec("cat", ["cat", folder + "/notes.txt"], needs: ["apply"]),
        ], workingDirectory: folder)
        plan.runDirectory = run
        plan.kubeconfig = run + "/kubeconfig"
        plan.planFile = folder + "/plan.yaml"
        plan.providerCheck = [.exec(ExecCommand(["kubectl", "--kubeconfig", run + "/kubeconfig", "get", "--raw", "/readyz"]))]
        return plan
    }

    @Test("two runs of the same plan get the same digest, wherever their files are")
    func stableAcrossFolders() {
        let fromTree = plan(folder: "/repo/plans/shop", run: "/repo/.bosun/runs/r1")
        let fromRevision = plan(folder: "/repo/.bosun/runs/r2/workspace/plans/shop", run: "/repo/.bosun/runs/r2")
        #expect(PlanDigest.of(fromTree) == PlanDigest.of(fromRevision))
        #expect(PlanDigest.of(fromTree).hasPrefix("sha256:"))
        #expect(PlanDigest.of(fromTree).count == "sha256:".count + 64)
    }

    @Test("a changed command changes the digest")
    func changedCommand() {
        let before = plan(folder: "/p", run: "/r")
        let after = plan(folder: "/p", run: "/r", argv: ["kubectl", "apply", "-f", "k8s/other.yaml"])
        #expect(PlanDigest.of(before) != PlanDigest.of(after))
    }

    @Test("relocation moves the working folder, the run folder and every path in commands")
    func relocation() {
        let moved = plan(folder: "/tmp/m1/plans/shop", run: "/tmp/m1/run").relocated(from: "/tmp/m1", to: "<state>/runs/<run>/workspace")
        #expect(moved.workingDirectory == "<state>/runs/<run>/workspace/plans/shop")
        #expect(moved.kubeconfig == "<state>/runs/<run>/workspace/run/kubeconfig")
        guard case .exec(let cat) = moved.steps[1].commands[0] else { Issue.record("not exec"); return }
        #expect(cat.argv == ["cat", "<state>/runs/<run>/workspace/plans/shop/notes.txt"])
    }
}
