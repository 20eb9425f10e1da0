import PlanModel
import Testing
@testable import Execution

@Suite("Failures: fail fast, keep going, timeouts, retries, rollback, interruption")
struct FailureTests {
    @Test("a failing step cancels its running siblings and skips everything not started")
    func failFast() async {
        let plan = TestPlan.make([
            TestStep(id: "bad"),
            TestStep(id: "slow"),
            TestStep(id: "after-bad", needs: ["bad"]),
            TestStep(id: "after-slow", needs: ["slow"]),
        ])
        let runner = ScriptedRunner(steps: [
            "bad": .init(exitCodes: [1], delay: 0.02),
            "slow": .init(delay: 600),
        ])
        let clock = ContinuousClock()
        let started = clock.now
        let report = await execute(plan, runner: runner)

        #expect(clock.now - started < .seconds(120), "the 600 s sibling was stopped, not waited for")
        #expect(report.outcome == .failed)
        #expect(report.exitCode == 1)
        #expect(report.record("bad")?.state == .failed)
        #expect(report.record("bad")?.exitStatus == 1)
        #expect(report.record("bad")?.message == "exited with status 1")
        #expect(report.record("slow")?.state == .cancelled)
        #expect(report.record("slow")?.message == "cancelled: bad failed")
        #expect(report.record("after-bad")?.state == .skipped)
        #expect(report.record("after-slow")?.state == .skipped)
        #expect(report.record("after-slow")?.message == "not started: bad failed")
        #expect(runner.cancelled == ["slow"])
    }

    @Test("with keep-going, independent branches finish and dependents of the failure are skipped")
    func keepGoing() async {
        let plan = TestPlan.make([
            TestStep(id: "bad"),
            TestStep(id: "child", needs: ["bad"]),
            .barrier("phase:x:end", needs: ["child"]),
            TestStep(id: "grandchild", needs: ["phase:x:end"]),
            TestStep(id: "other"),
            TestStep(id: "other-child", needs: ["other"]),
        ])
        let runner = ScriptedRunner(steps: ["bad": .init(exitCodes: [2]), "other": .init(delay: 0.05)])
        let report = await execute(plan, runner: runner, keepGoing: true)

        #expect(report.outcome == .failed)
        #expect(report.record("bad")?.state == .failed)
        #expect(report.record("child")?.state == .skipped)
        #expect(report.record("child")?.message == "dependency bad failed")
        #expect(report.record("grandchild")?.message == "dependency bad failed")
        #expect(report.record("other")?.state == .succeeded)
        #expect(report.record("other-child")?.state == .succeeded)
        #expect(runner.cancelled.isEmpty)
    }

    @Test("an attempt that runs past its timeout is stopped and the step is timedOut")
    func timeout() async {
        let plan = TestPlan.make([TestStep(id: "hang", timeout: 0.05)])
        let runner = ScriptedRunner(steps: ["hang": .init(delay: 30)])
        let report = await execute(plan, runner: runner)

        #expect(report.record("hang")?.state == .timedOut)
        #expect(report.record("hang")?.message == "timed out after 50ms")
        #expect(runner.cancelled == ["hang"])
        #expect(report.outcome == .failed)
    }

    @Test("a step that fails twice and then succeeds passes on its 3rd attempt")
    func retrySucceeds() async {
        let plan = TestPlan.make([TestStep(id: "flaky", retries: 3)])
        let runner = ScriptedRunner(steps: ["flaky": .init(exitCodes: [1, 1, 0])])
        let recorder = EventRecorder()
        let report = await execute(plan, runner: runner, observer: recorder)

        #expect(report.record("flaky")?.state == .succeeded)
        #expect(report.record("flaky")?.attempts == 3)
        #expect(recorder.retries.map(\.attempt) == [2, 3])
        #expect(recorder.retries.map(\.delay) == [0.01, 0.02])
        #expect(report.outcome == .succeeded)
    }

    @Test("a step that keeps failing stops after its retries")
    func retriesExhausted() async {
        let plan = TestPlan.make([TestStep(id: "broken", retries: 2)])
        let report = await execute(plan, runner: ScriptedRunner(default: .init(exitCodes: [7])))
        #expect(report.record("broken")?.state == .failed)
        #expect(report.record("broken")?.attempts == 3)
    }

    @Test("when onFailure succeeds the step is rolledBack, and the run still fails")
    func rolledBack() async {
        let plan = TestPlan.make([TestStep(id: "rollout", onFailure: [.exec(ExecCommand(["undo"]))])])
        let runner = ScriptedRunner(steps: ["rollout": .init(exitCodes: [1])], commands: ["undo": .init()])
        let recorder = EventRecorder()
        let report = await execute(plan, runner: runner, observer: recorder)

        #expect(report.record("rollout")?.state == .rolledBack)
        #expect(report.record("rollout")?.message == "exited with status 1; rolled back")
        #expect(runner.calls("undo") == 1)
        #expect(recorder.all.contains { if case .rollbackStarted("rollout") = $0 { true } else { false } })
        #expect(report.outcome == .failed)
        #expect(report.exitCode == 3, "exit status 3: failed, and rolled back")
    }

    @Test("a value captured before the failure reaches the rollback commands, as one argument")
    func captureReachesRollback() async {
        let plan = TestPlan.make([TestStep(
            id: "rollout",
            commands: [
                .exec(ExecCommand(["sh", "-c", "echo '7 ; rm -rf x'"], captureAs: "revision")),
                .exec(ExecCommand(["sh", "-c", "exit 1"])),
            ],
            onFailure: [.exec(ExecCommand(["printf", "%s|", "--to-revision={capture:revision}"]))])])
        let recorder = EventRecorder()
        let report = await execute(plan, runner: SubprocessRunner(), observer: recorder)
        #expect(report.record("rollout")?.state == .rolledBack)
        let output = recorder.all.compactMap { event -> String? in
            if case .output(let line) = event, line.stream == .stdout { line.text } else { nil }
        }
        #expect(output.contains("--to-revision=7 ; rm -rf x|"))
    }

    @Test("when onFailure fails too the step is rollbackFailed")
    func rollbackFailed() async {
        let plan = TestPlan.make([TestStep(id: "rollout", onFailure: [.exec(ExecCommand(["undo"]))])])
        let runner = ScriptedRunner(steps: ["rollout": .init(exitCodes: [1])], commands: ["undo": .init(exitCodes: [4])])
        let report = await execute(plan, runner: runner)

        #expect(report.record("rollout")?.state == .rollbackFailed)
        #expect(report.record("rollout")?.message == "exited with status 1; rollback failed: exited with status 4")
        #expect(report.exitCode == 4, "a failed rollback has its own, louder exit status")
    }

    @Test("cancelling the run (Ctrl-C) cancels running steps, skips the rest and exits 130")
    func externalCancellation() async throws {
        let plan = TestPlan.make([
            TestStep(id: "quick"),
            TestStep(id: "slow"),
            TestStep(id: "after", needs: ["slow"]),
        ])
        let runner = ScriptedRunner(steps: ["slow": .init(delay: 30)])
        let run = Task { await execute(plan, runner: runner) }
        while runner.interval("slow") == nil { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(20))
        run.cancel()
        let report = await run.value

        #expect(report.outcome == .interrupted)
        #expect(report.exitCode == 130)
        #expect(report.record("quick")?.state == .succeeded)
        #expect(report.record("slow")?.state == .cancelled)
        #expect(report.record("slow")?.message == "cancelled: run interrupted")
        #expect(report.record("after")?.state == .skipped)
        #expect(report.record("after")?.message == "not started: run interrupted")
    }

    @Test("every step reaches the observer as finished, skipped ones included")
    func everyStepFinishes() async {
        let plan = TestPlan.make([TestStep(id: "bad"), TestStep(id: "next", needs: ["bad"])])
        let recorder = EventRecorder()
        let report = await execute(plan, runner: ScriptedRunner(default: .init(exitCodes: [1])), observer: recorder)
        #expect(Set(recorder.finishedSteps.map(\.id)) == ["bad", "next"])
        guard case .runFinished(let finished) = recorder.all.last else {
            Issue.record("the last event is not runFinished")
            return
        }
        #expect(finished.outcome == report.outcome)
    }
}
