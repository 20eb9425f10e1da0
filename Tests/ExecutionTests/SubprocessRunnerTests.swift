import Foundation
import PlanModel
import Testing
@testable import Execution

@Suite("SubprocessRunner: real processes")
struct SubprocessRunnerTests {
    private func runStep(
        _ command: ExecCommand, timeout: Double? = nil, in directory: String = FileManager.default.temporaryDirectory.path
    ) async -> (RunReport, EventRecorder) {
        let plan = TestPlan.make(
            [TestStep(id: "app/step", commands: [.exec(command)], timeout: timeout)], workingDirectory: directory)
        let recorder = EventRecorder()
        return (await execute(plan, runner: SubprocessRunner(), observer: recorder), recorder)
    }

    @Test("stdout and stderr are streamed line by line, tagged with the step id")
    func streamsOutput() async {
        let (report, recorder) = await runStep(ExecCommand(["sh", "-c", "echo hello; echo oops >&2; printf 'no newline'"]))
        #expect(report.record("app/step")?.state == .succeeded)
        #expect(report.record("app/step")?.exitStatus == 0)
        #expect(recorder.lines(of: "app/step", on: .stdout) == ["hello", "no newline"])
        #expect(recorder.lines(of: "app/step", on: .stderr) == ["oops"])
    }

    @Test("a non-zero exit fails the step with its status")
    func nonZeroExit() async {
        let (report, _) = await runStep(ExecCommand(["sh", "-c", "exit 3"]))
        #expect(report.record("app/step")?.state == .failed)
        #expect(report.record("app/step")?.exitStatus == 3)
        #expect(report.record("app/step")?.message == "exited with status 3")
    }

    @Test("expectOutput compares the trimmed output, and says what came instead")
    func expectOutput() async {
        let (failed, recorder) = await runStep(ExecCommand(["echo", "CREATING"], expectOutput: "ACTIVE"))
        #expect(failed.record("app/step")?.message == "expected output ACTIVE, got CREATING")
        #expect(recorder.lines(of: "app/step", on: .stdout) == ["CREATING"], "still streamed")

        let (passed, _) = await runStep(ExecCommand(["echo", "  ACTIVE "], expectOutput: "ACTIVE"))
        #expect(passed.record("app/step")?.state == .succeeded)
    }

    @Test("a program missing from PATH gets a clear message")
    func missingProgram() async {
        let (report, _) = await runStep(ExecCommand(["bosun-no-such-program", "--version"]))
        #expect(report.record("app/step")?.state == .failed)
        #expect(report.record("app/step")?.message == "bosun-no-such-program: command not found on PATH")
    }

    @Test("stdoutFile receives the output instead of the log, its folder created")
    func stdoutFile() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (report, recorder) = await runStep(
            ExecCommand(["printf", "apiVersion: v1\\nkind: Config\\n"], stdoutFile: "run/kubeconfig"), in: folder.path)
        #expect(report.record("app/step")?.state == .succeeded)
        #expect(try String(contentsOfFile: folder.file("run/kubeconfig"), encoding: .utf8) == "apiVersion: v1\nkind: Config\n")
        #expect(recorder.lines(of: "app/step", on: .stdout).isEmpty)
    }

    @Test("commands run in the plan's folder with extra environment and optional stdin")
    func environmentAndInput() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let (report, recorder) = await runStep(
            ExecCommand(["sh", "-c", "pwd; echo $BOSUN_TEST; cat"], environment: ["BOSUN_TEST": "from-plan"], stdin: "manifest"),
            in: folder.path)
        #expect(report.record("app/step")?.state == .succeeded)
        let lines = recorder.lines(of: "app/step", on: .stdout)
        #expect(lines.count == 3)
        #expect(lines.first.map { URL(fileURLWithPath: $0).resolvingSymlinksInPath().path }
                == URL(fileURLWithPath: folder.path).resolvingSymlinksInPath().path)
        #expect(Array(lines.dropFirst()) == ["from-plan", "manifest"])
    }

    @Test("stdin far larger than a pipe's buffer reaches the child whole, while its output is read")
    func largeInput() async throws {
        // 1 MiB in, echoed back out by cat: a feeder that blocked on a full pipe, or a reader that
        // waited for the feeder, would deadlock here.
        let manifest = String(repeating: "0123456789abcde\n", count: 65_536)
        let (report, recorder) = await runStep(ExecCommand(["cat"], stdin: manifest))
        #expect(report.record("app/step")?.state == .succeeded)
        let lines = recorder.lines(of: "app/step", on: .stdout)
        #expect(lines.count == 65_536)
        #expect(lines.allSatisfy { $0 == "0123456789abcde" })
    }

    @Test("a child that exits without reading its input succeeds, and Bosun lives on (no SIGPIPE)")
    func unreadInput() async throws {
        let (report, _) = await runStep(ExecCommand(["true"], stdin: String(repeating: "x", count: 1 << 20)))
        #expect(report.record("app/step")?.state == .succeeded)
        let (again, recorder) = await runStep(ExecCommand(["echo", "still here"]))
        #expect(again.record("app/step")?.state == .succeeded)
        #expect(recorder.lines(of: "app/step", on: .stdout) == ["still here"])
    }

    @Test("sixty steps printing at once: every line reaches its own step, in order, none lost")
    func concurrentOutput() async throws {
        let steps = (0..<60).map { index in
            TestStep.exec("step-\(index)", ["sh", "-c", "i=0; while [ $i -lt 200 ]; do echo \(index):$i; echo err$i >&2; i=$((i+1)); done"])
        }
        let plan = TestPlan.make(steps, workingDirectory: FileManager.default.temporaryDirectory.path)
        let recorder = EventRecorder()
        let report = await execute(plan, runner: SubprocessRunner(), observer: recorder, concurrency: 16)
        #expect(report.outcome == .succeeded)
        for index in 0..<60 {
            #expect(recorder.lines(of: "step-\(index)", on: .stdout) == (0..<200).map { "\(index):\($0)" })
            #expect(recorder.lines(of: "step-\(index)", on: .stderr) == (0..<200).map { "err\($0)" })
        }
    }

    @Test("a program that exists but cannot be started fails with the system's reason")
    func notExecutable() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let script = folder.path + "/deploy.sh"
        try "#!/no/such/interpreter\n".write(toFile: script, atomically: true, encoding: .utf8)
        chmod(script, 0o755)
        let (report, _) = await runStep(ExecCommand(["./deploy.sh"]), in: folder.path)
        #expect(report.record("app/step")?.state == .failed)
        #expect(report.record("app/step")?.message == "./deploy.sh: cannot start: its interpreter (#! line) was not found")
    }

    @Test("fail fast kills a running sibling and its whole process group, even a grandchild ignoring SIGTERM")
    func failFastKillsProcessGroup() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        // The background sleep ignores SIGTERM, so only the final SIGKILL sweep can stop it.
        let script = "(trap '' TERM; exec sleep 300) & echo $! > grandchild.pid; echo $$ > shell.pid; wait"
        let plan = TestPlan.make([
            TestStep(id: "hang", commands: [.exec(ExecCommand(["sh", "-c", script]))]),
            TestStep(id: "boom", commands: [.exec(ExecCommand(["sh", "-c", "sleep 0.5; exit 1"]))]),
        ], workingDirectory: folder.path)

        let clock = ContinuousClock()
        let started = clock.now
        let report = await execute(plan, runner: SubprocessRunner())
        let elapsed = clock.now - started

        #expect(report.record("boom")?.state == .failed)
        #expect(report.record("hang")?.state == .cancelled)
        #expect(elapsed < .seconds(120), "far less than the 300 s sleep")
        let shell = try #require(ProcessProbe.pid(inFile: folder.file("shell.pid")))
        let grandchild = try #require(ProcessProbe.pid(inFile: folder.file("grandchild.pid")))
        #expect(await ProcessProbe.isGone(shell))
        #expect(await ProcessProbe.isGone(grandchild))
    }

    @Test("a real process that outlives its timeout is killed and the step is timedOut")
    func timeoutKillsProcess() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        // 5 s, not less: on a loaded CI machine the shell must get to write its pid before the timeout.
        let (report, _) = await runStep(ExecCommand(["sh", "-c", "echo $$ > sleep.pid; exec sleep 600"]), timeout: 5, in: folder.path)

        #expect(report.record("app/step")?.state == .timedOut)
        #expect(try #require(report.record("app/step")?.duration) < 120, "stopped at its timeout, not after the 600 s sleep")
        let pid = try #require(ProcessProbe.pid(inFile: folder.file("sleep.pid")))
        #expect(await ProcessProbe.isGone(pid))
    }

    @Test("approvals are decided by the gate: --yes approves, no terminal refuses with a hint")
    func approvals() async {
        let plan = TestPlan.make([TestStep(id: "gate", commands: [.approval(prompt: "Deploy to prod?")])])
        let approved = await execute(plan, runner: SubprocessRunner(approval: AutoApprove()))
        #expect(approved.record("gate")?.state == .succeeded)

        let refused = await execute(plan, runner: SubprocessRunner(approval: DenyNonInteractive()))
        #expect(refused.record("gate")?.message == "approval required: re-run with --yes or from a terminal")
    }
}
