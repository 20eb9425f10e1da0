import PlanModel
import Testing
@testable import Execution

@Suite("Plan digests")
struct PlanDigestTests {
    /// The same plan as compiled for two runs: its commands name the folders by token; only the
    /// folders themselves differ.
    private func plan(folder: String, run: String, argv: [String] = ["kubectl", "apply", "-f", "k8s/app.yaml"]) -> CompiledPlan {
        var plan = TestPlan.make([
            .exec("apply", argv + ["--kubeconfig", "{run}/kubeconfig"]),
            .exec("cat", ["cat", "{plan}/notes.txt"], needs: ["apply"]),
        ], workingDirectory: folder)
        plan.runDirectory = run
        plan.kubeconfig = "{run}/kubeconfig"
        plan.planFile = folder + "/plan.yaml"
        plan.steps = plan.steps.map { step in
            var step = step
            step.location.file = folder + "/plan.yaml"
            return step
        }
        plan.providerCheck = [.exec(ExecCommand(["kubectl", "--kubeconfig", "{run}/kubeconfig", "get", "--raw", "/readyz"]))]
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

    @Test("a path a plan names itself is part of the digest: only the tokens stand for the run's folders")
    func literalPathsCount() {
        let here = plan(folder: "/p", run: "/r", argv: ["cat", "/p/notes.txt"])
        let there = plan(folder: "/q", run: "/r", argv: ["cat", "/q/notes.txt"])
        #expect(PlanDigest.of(here) != PlanDigest.of(there), "no text is rewritten by substring")
    }
}
