import Deployment
import Execution
import Foundation
import Revisions
import Testing

/// The cluster lock as a step of the run: taken once after connecting, before the steps that
/// follow, and released when the run ends, however it ends. The runner answers kubectl for the
/// Lease as an API server that grants it would (no API server runs in these tests; the sandbox
/// tests in BosunCommandsTests take a real Lease).
@Suite("the cluster lock's lifetime")
struct ClusterLockScopeTests {
    static let plan = """
        plan: demo
        # The lock alone: records are tested against the sandbox (BosunCommandsTests).
        records: false
        environments:
          local: { provider: kubectl, kubeconfig: kube.yaml, cluster_lock: true }
        phases:
          - name: base
            steps:
              - connect: cluster
          - name: work
            steps:
              - { id: one, run: [echo, one] }
              - { id: two, run: [echo, two], needs: [one] }

        """

    private func apply(failing: Set<String>) async throws -> (ApplyResult, [(step: String, argv: [String])]) {
        let project = try ScratchProject(plan: Self.plan)
        defer { project.remove() }
        let runner = RecordingRunner(failing: failing)
        var request = ApplyRequest(source: PlanSource(reader: PlanReader(plan: project.planPath), environment: "local"),
                                   stateDirectory: project.stateDirectory)
        request.runner = runner
        let result = try await Deployment.apply(request, listener: RecordingListener())
        return (result, runner.commands)
    }

    private func position(_ commands: [(step: String, argv: [String])], _ match: ([String]) -> Bool) -> Int? {
        commands.firstIndex { match($0.argv) }
    }

    @Test("connect runs once, then the lock is taken, then the steps run, then the lock is released")
    func order() async throws {
        let (result, commands) = try await apply(failing: [])
        #expect(result.report.outcome == .succeeded)
        let connect = commands.filter { $0.step.hasSuffix("connect") || $0.step == "connect" }
        #expect(!connect.isEmpty && Set(connect.map(\.step)).count == 1, "one connect step: \(commands.map(\.step))")
        let lastConnect = try #require(commands.lastIndex { $0.step == connect[0].step })
        let create = try #require(position(commands) { $0.contains("create") && $0.contains("-f") })
        let one = try #require(commands.firstIndex { $0.step == "one" })
        let release = try #require(position(commands) { $0.contains("delete") && $0.contains("lease") })
        #expect(lastConnect < create && create < one && one < release)
        #expect(result.report.records.contains { $0.id == "cluster-lock" && $0.state == .succeeded }, "journaled like a step")
    }

    @Test("a run that fails after taking the lock releases it")
    func releasedAfterFailure() async throws {
        let (result, commands) = try await apply(failing: ["two"])
        #expect(result.report.outcome == .failed)
        let two = try #require(commands.firstIndex { $0.step == "two" })
        let release = try #require(position(commands) { $0.contains("delete") && $0.contains("lease") }, "the lease was released")
        #expect(two < release)
    }

    @Test("a resumed run connects and takes the lock again: its kubeconfig is in its own run folder")
    func resumeConnectsAgain() async throws {
        let project = try ScratchProject(plan: Self.plan)
        defer { project.remove() }
        var request = ApplyRequest(source: PlanSource(reader: PlanReader(plan: project.planPath), environment: "local"),
                                   stateDirectory: project.stateDirectory)
        request.runner = RecordingRunner(failing: ["two"])
        _ = try await Deployment.apply(request, listener: RecordingListener())
        let runner = RecordingRunner()
        request.runner = runner
        request.resume = ResumeRequest(run: RunReference.newest)
        let resumed = try await Deployment.apply(request, listener: RecordingListener())
        #expect(resumed.report.outcome == .succeeded)
        let steps = Set(runner.steps)
        #expect(steps.contains { $0.hasSuffix("connect") } && steps.contains("cluster-lock") && steps.contains("two"))
        #expect(!steps.contains("one"), "one succeeded in the failed run")
    }

    @Test("a lock that cannot be taken fails its step, and no later step runs")
    func refusedLock() async throws {
        let (result, commands) = try await apply(failing: ["cluster-lock"])
        #expect(result.report.outcome == .failed)
        #expect(!commands.contains { $0.step == "one" })
        #expect(result.report.records.first { $0.id == "cluster-lock" }?.state == .failed)
    }
}
