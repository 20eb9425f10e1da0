import Foundation
import PlanModel
import Testing
@testable import Execution

/// How the executor keeps a release whole: what it undoes to, when it undoes nothing, the undo of
/// an interrupted step, and the record of what ran before and after.
@Suite("releases: undo to the release live before the run")
struct ReleaseExecutionTests {
    @Test("an apply that already changed the deployment does not become what a failed rollout returns to")
    func undoToTheRunsFirstLook() async {
        let cluster = ScriptedCluster(["web": "registry/web:v2"])
        // The apply sets the bad image (its status passes here only because the fake's apply path
        // is the set-image one; the rollout's status then fails).
        var apply = ReleaseSteps.apply("web", "web", image: "registry/web:v3-bad")
        apply.commands?.remove(at: 2)
        let plan = TestPlan.make([apply, ReleaseSteps.rollout("release", "web", image: "registry/web:v3-bad", needs: ["web"])])
        let report = await execute(plan, runner: cluster)
        #expect(report.record("release")?.state == .rolledBack)
        #expect(report.exitCode == RunReport.rolledBackExitCode)
        #expect(cluster.commands.contains(["rollout", "undo", "deployment/web", "--to-revision=1"]), "\(cluster.commands)")
        #expect(cluster.image("web") == "registry/web:v2")
        let web = report.deployments.first
        #expect(web?.before?.images == ["web": "registry/web:v2"])
        #expect(web?.failed?.images == ["web": "registry/web:v3-bad"])
        #expect(web?.after?.images == ["web": "registry/web:v2"] && web?.after?.healthy == true)
        #expect(web?.steps == ["web", "release"])
    }

    @Test("a failed run undoes the steps that succeeded in changing a deployment: the whole release that was live comes back")
    func failedRunRestoresEveryDeployment() async {
        let cluster = ScriptedCluster(["worker": "registry/worker:w1", "api": "registry/api:v1"])
        let plan = TestPlan.make([
            ReleaseSteps.apply("worker", "worker", image: "registry/worker:w2"),
            ReleaseSteps.rollout("release", "api", image: "registry/api:v2-bad", needs: ["worker"]),
        ])
        let report = await execute(plan, runner: cluster)
        #expect(report.exitCode == RunReport.rolledBackExitCode)
        #expect(cluster.image("worker") == "registry/worker:w1")
        #expect(cluster.image("api") == "registry/api:v1")
        #expect(report.record("worker")?.state == .rolledBack)
        #expect(report.record("worker")?.message == "undone because release failed; back at worker revision 3 (registry/worker:w1)")
        #expect(report.deployments.first { $0.deployment.name == "worker" }?.failed == nil, "w2 did not fail: it is not recorded as a failed release")

        let keepGoing = ScriptedCluster(["worker": "registry/worker:w1", "api": "registry/api:v1"])
        _ = await execute(plan, runner: keepGoing, keepGoing: true)
        #expect(keepGoing.image("worker") == "registry/worker:w2", "with --keep-going what succeeded stays")
    }

    @Test("an apply and a rollout that both changed a deployment: a later failure undoes it once, to the revision before the run, and neither undo fails")
    func oneUndoPerDeployment() async {
        // bosun init's starter plan: the manifest sets the image, then the rollout sets it too;
        // a release of another deployment fails after them.
        let cluster = ScriptedCluster(["web": "registry/web:v1", "api": "registry/api:v1"])
        let plan = TestPlan.make([
            ReleaseSteps.apply("web", "web", image: "registry/web:v2"),
            ReleaseSteps.rollout("release", "web", image: "registry/web:v2", needs: ["web"]),
            ReleaseSteps.rollout("release-api", "api", image: "registry/api:v2-bad", needs: ["release"]),
        ])
        let report = await execute(plan, runner: cluster)
        #expect(cluster.image("web") == "registry/web:v1")
        #expect(cluster.image("api") == "registry/api:v1")
        #expect(report.record("release")?.state == .rolledBack)
        #expect(report.record("web")?.state == .rolledBack, "\(report.record("web")?.message ?? "")")
        #expect(report.record("web")?.message == "undone because release-api failed, with release; back at web revision 3 (registry/web:v1)")
        #expect(cluster.commands.filter { $0.starts(with: ["rollout", "undo", "deployment/web"]) } == [["rollout", "undo", "deployment/web", "--to-revision=1"]])
        #expect(!report.records.contains { $0.state == .rollbackFailed }, "nothing is half-done: no failed rollback")
        #expect(report.exitCode == RunReport.rolledBackExitCode)
    }

    @Test("a service rollback that fails after it started is a failed rollback (exit 4); one that fails before is a plain failure")
    func failedServiceRollback() async {
        func serviceRollback(_ name: String) -> TestStep {
            TestStep(id: "rollback-\(name)", kind: .rollout,
                     commands: [ReleaseSteps.look(name, .before, required: true),
                                ReleaseSteps.kubectl("rollout", "undo", "deployment/\(name)", "--to-revision=1"),
                                ReleaseSteps.kubectl("rollout", "status", "deployment/\(name)")],
                     changesFrom: 1, intent: .serviceRollback(deployment: ReleaseSteps.ref(name), toRevision: 1))
        }
        // Revision 1 of web is a release that never becomes ready.
        let cluster = ScriptedCluster(["web": "registry/web:v1-bad"])
        _ = try? await cluster.run(ReleaseSteps.kubectl("set", "image", "deployment/web", "web=registry/web:v2"),
                                   in: CommandContext(stepID: "setup", workingDirectory: "/") { _ in })
        let failed = await execute(TestPlan.make([serviceRollback("web")]), runner: cluster)
        #expect(failed.record("rollback-web")?.state == .rollbackFailed)
        #expect(failed.exitCode == RunReport.rollbackFailedExitCode)
        let missing = await execute(TestPlan.make([serviceRollback("wbe")]), runner: cluster)
        #expect(missing.record("rollback-wbe")?.state == .failed)
        #expect(missing.exitCode == 1)
    }

    @Test("a rollout of a deployment that does not exist fails before changing anything: no undo")
    func missingDeploymentIsNoRollback() async {
        let cluster = ScriptedCluster([:])
        let report = await execute(TestPlan.make([ReleaseSteps.rollout("release", "wbe", image: "registry/web:v2")]), runner: cluster)
        let record = report.record("release")
        #expect(record?.state == .failed)
        #expect(record?.message == "deployment wbe not found in namespace shop")
        #expect(report.exitCode == 1)
        #expect(!cluster.commands.contains { $0.starts(with: ["rollout", "undo"]) })
    }

    @Test("a deployment the run created has nothing to undo to, and says so")
    func createdDeploymentCannotBeUndone() async {
        let cluster = ScriptedCluster([:])
        let report = await execute(TestPlan.make([ReleaseSteps.apply("web", "web", image: "registry/web:v1-bad")]), runner: cluster)
        #expect(report.record("web")?.state == .rollbackFailed)
        #expect(report.record("web")?.message == "timed out; rollback failed: nothing to undo to: deployment/web in namespace shop did not exist before this run")
        #expect(report.exitCode == RunReport.rollbackFailedExitCode)
    }

    @Test("Ctrl-C during a rollout undoes it to the recorded revision; the step says it was rolled back")
    func interruptedRolloutIsUndone() async {
        let cluster = ScriptedCluster(["web": "registry/web:v1"], statusDelay: 600)
        let plan = TestPlan.make([ReleaseSteps.rollout("release", "web", image: "registry/web:v2")])
        // The grace period bounds the undo; a starved thread pool must not make it run out.
        let options = ExecutionOptions(concurrency: 1, gracePeriod: 60, retryBaseDelay: 0.01)
        let task = Task { await Executor(plan: plan, runner: cluster, options: options, observer: EventRecorder()).run() }
        await waitUntil { cluster.commands.contains { $0.starts(with: ["rollout", "status"]) } }
        task.cancel()
        let report = await task.value
        #expect(report.outcome == .interrupted)
        #expect(report.record("release")?.state == .rolledBack)
        #expect(report.record("release")?.message?.hasPrefix("stopped half-way; rolled back to web revision 3") == true,
                "\(report.record("release")?.message ?? "")")
        #expect(cluster.image("web") == "registry/web:v1")
        #expect(report.deployments.first?.failed == nil, "an interrupted release did not fail: it is not recorded as failed")
    }

    @Test("an abandoned undo (a second Ctrl-C) leaves the step half-done, and says so")
    func abandonedUndo() async {
        let cluster = ScriptedCluster(["web": "registry/web:v1"], statusDelay: 600)
        let plan = TestPlan.make([ReleaseSteps.rollout("release", "web", image: "registry/web:v2")])
        let options = ExecutionOptions(concurrency: 1, gracePeriod: 5, retryBaseDelay: 0.01)
        options.undoControl.abandon()
        let executor = Executor(plan: plan, runner: cluster, options: options, observer: EventRecorder())
        let task = Task { await executor.run() }
        await waitUntil { cluster.commands.contains { $0.starts(with: ["rollout", "status"]) } }
        task.cancel()
        let report = await task.value
        #expect(report.record("release")?.state == .rollbackFailed)
        #expect(report.record("release")?.message?.contains("left half-done") == true)
        #expect(cluster.image("web") == "registry/web:v2", "nothing was undone")
        #expect(report.deployments.first?.unconfirmed == true, "the summary names it as possibly half-changed")
    }

    @Test("a service rollback chooses the newest earlier revision Bosun saw healthy, never a failed one or the live images")
    func revisionChoice() throws {
        func revision(_ number: Int, _ tag: String) -> [String: Any] {
            ["metadata": ["annotations": ["deployment.kubernetes.io/revision": "\(number)"],
                          "ownerReferences": [["kind": "Deployment", "name": "web"]]],
             "spec": ["template": ["spec": ["containers": [["name": "web", "image": "registry/web:\(tag)"]]]]]]
        }
        let other: [String: Any] = ["metadata": ["annotations": ["deployment.kubernetes.io/revision": "9"],
                                                 "ownerReferences": [["kind": "Deployment", "name": "api"]]]]
        let items = [revision(1, "v1"), revision(3, "v3-bad"), revision(4, "v2"), revision(2, "v2-old"), other]
        let json = String(decoding: try JSONSerialization.data(withJSONObject: ["items": items]), as: UTF8.self)
        let history = try RevisionHistory.parse(json, deployment: "web")
        #expect(history.revisions.map(\.number) == [1, 2, 3, 4])
        let verdicts = ["web=registry/web:v1": true, "web=registry/web:v3-bad": false, "web=registry/web:v2": true]
        let web = DeploymentRef(name: "web", namespace: "shop")
        #expect(try history.target(for: RevisionChoice(deployment: web, toRevision: nil, verdicts: verdicts)).get() == 1,
                "3 failed, 2 was never seen healthy: 1 is the healthy release before the live one")
        #expect(try history.target(for: RevisionChoice(deployment: web, toRevision: 3, verdicts: verdicts)).get() == 3, "--to-revision stays")
        #expect(throws: ReadingError.self) { try history.target(for: RevisionChoice(deployment: web, toRevision: 7, verdicts: verdicts)).get() }
        #expect(throws: ReadingError.self) { try history.target(for: RevisionChoice(deployment: web, toRevision: nil, verdicts: [:])).get() }
        let table = history.table(verdicts: verdicts, chosen: 1)
        #expect(table.first == "REVISION  IMAGES                   BOSUN SAW")
        #expect(table.contains("3         web=registry/web:v3-bad  FAILED"))
        #expect(table.contains("1         web=registry/web:v1      healthy  ← rolling back to this"))
    }

    /// The deadline only keeps a broken run from hanging the suite: with every test of the
    /// package running at once on two cores, a step can wait many seconds for a thread.
    private func waitUntil(_ condition: @Sendable () -> Bool) async {
        let deadline = ContinuousClock.now + .seconds(120)
        while !condition() && ContinuousClock.now < deadline { try? await Task.sleep(for: .milliseconds(10)) }
    }
}

