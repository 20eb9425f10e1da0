import Deployment
import Execution
import Foundation
import Revisions
import Testing

/// `Deployment.apply` as a call: what runs, what is journaled, and what is refused before anything runs.
@Suite("apply, resume and sources as calls")
struct ApplyCallTests {
    static let plan = """
        plan: demo
        environments:
          local: { provider: kubectl, kubeconfig: kube.yaml }
          prod: { provider: kubectl, kubeconfig: kube.yaml, protected: true }
        phases:
          - name: work
            steps:
              - { id: one, run: [echo, one] }
              - { id: two, run: [echo, two] }
              - { id: three, run: [echo, three], needs: [two] }

        """

    private func request(_ project: ScratchProject, environment: String = "local", runner: RecordingRunner,
                         source: SourceRequest = SourceRequest()) -> ApplyRequest {
        var request = ApplyRequest(source: PlanSource(reader: PlanReader(plan: project.planPath), environment: environment, request: source),
                                   stateDirectory: project.stateDirectory)
        request.runner = runner
        request.invocation = ["bosun", "apply"]
        return request
    }

    @Test("a run goes through the runner it is given and is journaled")
    func runsAndJournals() async throws {
        let project = try ScratchProject(plan: Self.plan)
        defer { project.remove() }
        let runner = RecordingRunner()
        let result = try await Deployment.apply(request(project, runner: runner), listener: RecordingListener())
        #expect(result.report.outcome == .succeeded)
        #expect(Set(runner.steps) == ["one", "two", "three"])
        #expect(runner.steps.firstIndex(of: "two")! < runner.steps.firstIndex(of: "three")!)
        let journal = try #require(result.journal)
        #expect(FileManager.default.fileExists(atPath: journal + "/run.json"))
        let (metadata, records) = try RunStore(stateDir: project.stateDirectory).load(result.runID)
        #expect(metadata.outcome == .succeeded)
        #expect(records.map(\.id).sorted() == ["one", "three", "two"])
    }

    @Test("a failed run resumed as a call runs only what did not succeed")
    func resumeRunsTheRest() async throws {
        let project = try ScratchProject(plan: Self.plan)
        defer { project.remove() }
        let failed = try await Deployment.apply(request(project, runner: RecordingRunner(failing: ["two"])), listener: RecordingListener())
        #expect(failed.report.outcome == .failed)

        let runner = RecordingRunner()
        var resume = request(project, runner: runner)
        resume.resume = ResumeRequest(run: RunReference.newest)
        let resumed = try await Deployment.apply(resume, listener: RecordingListener())
        #expect(resumed.report.outcome == .succeeded)
        #expect(Set(runner.steps) == ["two", "three"], "one succeeded in the failed run")
    }

    @Test("a resume of a plan that compiles differently is refused before anything runs")
    func resumeOfChangedPlanRefused() async throws {
        let project = try ScratchProject(plan: Self.plan)
        defer { project.remove() }
        _ = try await Deployment.apply(request(project, runner: RecordingRunner(failing: ["two"])), listener: RecordingListener())
        try project.write("plan.yaml", Self.plan.replacingOccurrences(of: "[echo, three]", with: "[echo, changed]"))
        let runner = RecordingRunner()
        var resume = request(project, runner: runner)
        resume.resume = ResumeRequest(run: RunReference.newest)
        await #expect {
            try await Deployment.apply(resume, listener: RecordingListener())
        } throws: { error in
            guard case DeploymentError.resumeRefused(let message) = error else { return false }
            return message.contains("compiles differently") && (error as! DeploymentError).exitStatus == .invalidInput
        }
        #expect(runner.steps.isEmpty)
        #expect(try RunStore(stateDir: project.stateDirectory).list().count == 1, "the refused resume left no run behind")
    }

    @Test("a protected environment is refused from the working tree, and runs from a revision")
    func protectedEnvironmentNeedsARevision() async throws {
        let project = try ScratchProject(plan: Self.plan, git: true)
        defer { project.remove() }
        let runner = RecordingRunner()
        await #expect {
            try await Deployment.apply(request(project, environment: "prod", runner: runner), listener: RecordingListener())
        } throws: { error in
            guard case DeploymentError.invalidPlan(let diagnostics, _, _) = error else { return false }
            return diagnostics.contains { $0.message.contains("protected") }
        }
        #expect(runner.steps.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: project.stateDirectory + "/runs"), "nothing half-done: no state folder")

        let head = try project.git("rev-parse", "HEAD")
        let result = try await Deployment.apply(
            request(project, environment: "prod", runner: runner, source: SourceRequest(revision: head)), listener: RecordingListener())
        #expect(result.report.outcome == .succeeded)
        let (metadata, _) = try RunStore(stateDir: project.stateDirectory).load(result.runID)
        #expect(metadata.source?.commit == head)
        #expect(metadata.source?.workingTree == false)
    }

    @Test("an unknown --target is an invalid plan naming the step, before anything runs")
    func unknownTarget() async throws {
        let project = try ScratchProject(plan: Self.plan)
        defer { project.remove() }
        let runner = RecordingRunner()
        var request = request(project, runner: runner)
        request.selection = ChosenSteps(targets: ["thre"])
        await #expect {
            try await Deployment.apply(request, listener: RecordingListener())
        } throws: { error in
            guard case DeploymentError.invalidPlan(let diagnostics, _, _) = error else { return false }
            return diagnostics.contains { $0.message.contains("--target 'thre'") && $0.hint?.contains("three") == true }
        }
        #expect(runner.steps.isEmpty)
    }

    @Test("a dry run drives the executor through its runner and journals nothing")
    func dryRun() async throws {
        let project = try ScratchProject(plan: Self.plan)
        defer { project.remove() }
        let runner = RecordingRunner()
        var request = request(project, runner: runner)
        request.dryRun = true
        let result = try await Deployment.apply(request, listener: RecordingListener())
        #expect(result.journal == nil)
        #expect(Set(runner.steps) == ["one", "two", "three"])
        #expect(!FileManager.default.fileExists(atPath: project.stateDirectory))
    }

    @Test("an interrupted call before the first step runs nothing and leaves no run")
    func interruptedBeforeStart() async throws {
        let project = try ScratchProject(plan: Self.plan)
        defer { project.remove() }
        let control = RunControl()
        control.interrupt()
        let runner = RecordingRunner()
        await #expect(throws: DeploymentError.self) {
            try await Deployment.apply(request(project, runner: runner), listener: RecordingListener(), control: control)
        }
        #expect(runner.steps.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: project.stateDirectory))
    }
}
