import PlanModel
import Testing
@testable import Execution

@Suite("Scheduling: order, parallelism, pools and barriers")
struct SchedulingTests {
    @Test("a step starts only after everything it needs has finished")
    func dependencyOrdering() async {
        let plan = TestPlan.make([
            TestStep(id: "network"),
            TestStep(id: "cluster", needs: ["network"]),
            TestStep(id: "database", needs: ["network"]),
            TestStep(id: "app", needs: ["cluster", "database"]),
        ])
        let runner = ScriptedRunner(default: .init(delay: 0.02))
        let report = await execute(plan, runner: runner)

        #expect(report.outcome == .succeeded)
        #expect(report.exitCode == 0)
        #expect(report.records.map(\.id) == ["network", "cluster", "database", "app"])
        #expect(report.records.allSatisfy { $0.state == .succeeded && $0.attempts == 1 })
        #expect(runner.finished("network", before: "cluster"))
        #expect(runner.finished("network", before: "database"))
        #expect(runner.finished("cluster", before: "app"))
        #expect(runner.finished("database", before: "app"))
    }

    @Test("never more than `concurrency` steps run at once: 20 independent steps, limit 3")
    func concurrencyBound() async {
        let runner = ScriptedRunner(default: .init(delay: 0.03))
        let report = await execute(TestPlan.independent(20), runner: runner, concurrency: 3)

        #expect(report.outcome == .succeeded)
        #expect(report.records.count == 20)
        #expect(runner.maxConcurrent == 3)
    }

    @Test("independent branches run at the same time")
    func branchesOverlap() async {
        let plan = TestPlan.make([
            TestStep(id: "left-1"), TestStep(id: "left-2", needs: ["left-1"]),
            TestStep(id: "right-1"), TestStep(id: "right-2", needs: ["right-1"]),
        ])
        let runner = ScriptedRunner(default: .init(delay: 0.05))
        _ = await execute(plan, runner: runner)

        #expect(runner.maxConcurrent == 2)
        #expect(runner.interval("left-1")!.overlaps(runner.interval("right-1")!))
    }

    @Test("steps sharing a pool never run at the same time, while others go ahead")
    func poolsSerialize() async {
        var steps = (0..<4).map { TestStep(id: "tf\($0)", pool: "terraform:infra") }
        steps.append(TestStep(id: "free"))
        let runner = ScriptedRunner(default: .init(delay: 0.03))
        let report = await execute(TestPlan.make(steps), runner: runner, concurrency: 4)

        #expect(report.outcome == .succeeded)
        let pooled = (0..<4).map { runner.interval("tf\($0)")! }
        for (i, a) in pooled.enumerated() {
            for b in pooled[(i + 1)...] { #expect(!a.overlaps(b)) }
        }
        #expect(runner.maxConcurrent == 2, "the pool holds one slot; the free step runs beside it")
    }

    @Test("barrier steps run nothing, take no slot and are left out of the report")
    func barriersTakeNoSlot() async {
        let plan = TestPlan.make([
            TestStep(id: "a"), TestStep(id: "b"),
            .barrier("phase:one:end", needs: ["a", "b"]),
            .barrier("phase:two:start", needs: ["phase:one:end"]),
            TestStep(id: "c", needs: ["phase:two:start"]), TestStep(id: "d", needs: ["phase:two:start"]),
        ])
        let runner = ScriptedRunner(default: .init(delay: 0.02))
        let recorder = EventRecorder()
        let report = await execute(plan, runner: runner, observer: recorder, concurrency: 2)

        #expect(report.records.map(\.id) == ["a", "b", "c", "d"])
        #expect(Set(runner.startOrder) == ["a", "b", "c", "d"])
        #expect(!recorder.startedSteps.contains { $0.hasPrefix("phase:") })
        #expect(runner.maxConcurrent == 2)
        for first in ["a", "b"] {
            for second in ["c", "d"] { #expect(runner.finished(first, before: second)) }
        }
    }

    @Test("targets run only those steps and what they transitively need")
    func targetsRunTheirClosure() async {
        let plan = TestPlan.make([
            TestStep(id: "network"),
            .barrier("phase:apps:start", needs: ["network"]),
            TestStep(id: "api", needs: ["phase:apps:start"]),
            TestStep(id: "web", needs: ["api"]),
            TestStep(id: "docs"),
        ])
        let runner = ScriptedRunner()
        let report = await execute(plan, runner: runner, targets: ["api"])

        #expect(report.outcome == .succeeded)
        #expect(report.records.map(\.id) == ["network", "api"])
        #expect(runner.startOrder == ["network", "api"])
    }

    @Test("unknown targets are reported before anything runs")
    func unknownTargets() {
        let plan = TestPlan.make([TestStep(id: "a")])
        #expect(ExecutionOptions(targets: ["a", "nope"]).unknownTargets(in: plan) == ["nope"])
    }

    @Test("a dry run goes through the same scheduler and only says what it would run")
    func dryRun() async {
        let plan = TestPlan.make([
            .exec("apply", ["kubectl", "apply", "-f", "db.yaml"]),
            .exec("wait", ["kubectl", "rollout", "status", "deploy/db"], needs: ["apply"]),
        ])
        let recorder = EventRecorder()
        let report = await execute(plan, runner: DryRunRunner(), observer: recorder)

        #expect(report.outcome == .succeeded)
        #expect(recorder.lines(of: "apply", on: .info) == ["would run: kubectl apply -f db.yaml"])
        #expect(recorder.lines(of: "wait", on: .info) == ["would run: kubectl rollout status deploy/db"])
    }

    @Test("retry delays double from the base and stop growing at 30 s")
    func retryBackoff() {
        let options = ExecutionOptions(retryBaseDelay: 1)
        #expect((1...7).map(options.retryDelay(afterAttempt:)) == [1, 2, 4, 8, 16, 30, 30])
    }

    @Test("observer groups pass every event to each observer")
    func observerGroup() async {
        let first = EventRecorder(), second = EventRecorder()
        _ = await execute(TestPlan.independent(2), runner: ScriptedRunner(), observer: ObserverGroup([first, second]))
        #expect(first.all.count == second.all.count)
        #expect(first.finishedSteps.count == 2)
    }
}

@Suite("Running chosen steps alone (--only)")
struct OnlyTargetsTests {
    @Test("--only runs the chosen steps, in their order, without what they need")
    func onlyTargets() async {
        let plan = TestPlan.make([
            TestStep(id: "base"),
            TestStep(id: "app", needs: ["base"]),
            TestStep(id: "release", needs: ["app"]),
            TestStep(id: "other"),
        ])
        let runner = ScriptedRunner()
        var options = ExecutionOptions(concurrency: 4, targets: ["release", "app"], gracePeriod: 1, retryBaseDelay: 0.01)
        options.onlyTargets = true
        let report = await Executor(plan: plan, runner: runner, options: options, observer: EventRecorder()).run()
        #expect(report.outcome == .succeeded)
        #expect(report.records.map(\.id) == ["app", "release"])
        #expect(runner.calls("base") == 0 && runner.calls("other") == 0)
        #expect(runner.startOrder == ["app", "release"], "dependencies among the chosen steps still order them")
    }

    @Test("--only keeps the order of chosen steps that depend on each other through steps left out")
    func onlyTargetsThroughLeftOut() async {
        let plan = TestPlan.make([
            TestStep(id: "connect"),
            TestStep(id: "app", needs: ["connect"]),
            TestStep(id: "release", needs: ["app"]),
        ])
        let runner = ScriptedRunner(steps: ["connect": .init(delay: 0.2)])
        var options = ExecutionOptions(concurrency: 4, targets: ["release", "connect"], gracePeriod: 1, retryBaseDelay: 0.01)
        options.onlyTargets = true
        let report = await Executor(plan: plan, runner: runner, options: options, observer: EventRecorder()).run()
        #expect(report.outcome == .succeeded)
        #expect(runner.startOrder == ["connect", "release"], "release waits for connect although app is left out")
        #expect(runner.calls("app") == 0)
    }
}
