import Foundation
import Testing

/// Runs that die or fail and are resumed, and runs that would overlap on one environment.
@Suite("resume after kill -9 or failure, and environment locks")
struct ResumeAndLockTests {
    /// Steps that append their name to `ran.log` each time they run, so a test can count runs.
    private static func plan(secondIdempotent: Bool = false) -> String {
        Project.header + """
              - name: work
                steps:
                  - { id: one, run: [sh, -c, "echo one >> ran.log"] }
                  - id: two
                    idempotent: \(secondIdempotent)
                    run: [sh, -c, "echo two >> ran.log; if [ ! -f two.done ]; then touch two.done; echo $$ > two.pid; exec sleep 60; fi"]
                  - { id: three, run: [sh, -c, "echo three >> ran.log"] }
            """
    }

    private func runID(_ output: String) throws -> String {
        let match = try #require(output.firstMatch(of: #/bosun show (\d{8}-\d{6}-[0-9a-f]{4})/#))
        return String(match.1)
    }

    private func runs(_ project: Project) throws -> [String] {
        try project.read("ran.log").split(separator: "\n").map(String.init)
    }

    /// Starts `apply`, waits until step `two` is running, and kills bosun with SIGKILL (and then
    /// the orphaned step, which nothing can stop for a process killed that way).
    private func killDuringSecondStep(_ project: Project) async throws -> String {
        let running = try project.start(["apply", "plan.yaml", "--env", "local"])
        try await project.waitFor("two.pid")
        try await Task.sleep(for: .milliseconds(100))
        kill(running.process.processIdentifier, SIGKILL)
        _ = await running.finish()
        if let pid = Int32(try project.read("two.pid").trimmingCharacters(in: .whitespacesAndNewlines)) { kill(-pid, SIGKILL) }
        let folders = try FileManager.default.contentsOfDirectory(atPath: project.path(".bosun/runs"))
        return try #require(folders.first)
    }

    @Test("after kill -9, the journal is readable and says the step was running; resume refuses to repeat it unless told")
    func resumeAfterKill() async throws {
        let project = try Project(plan: Self.plan(), files: Project.kubeconfig)
        defer { project.remove() }
        let killed = try await killDuringSecondStep(project)

        let show = try await project.run(["show", killed])
        #expect(show.status == 0)
        #expect(show.stdout.contains("no end recorded"))
        #expect(show.stdout.contains(#/one\s+ok/#))
        #expect(show.stdout.contains(#/two\s+running/#))

        let refused = try await project.run(["apply", "plan.yaml", "--env", "local", "--resume", killed])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("interrupted while running two, which may not be safe to run twice"))

        let resumed = try await project.run(["apply", "plan.yaml", "--env", "local", "--resume", killed, "--rerun-interrupted"])
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        #expect(resumed.stdout.contains(#/one\s+ok\s+-\s+-\s+succeeded in run/#))
        #expect(resumed.stdout.contains("succeeded in run \(killed)"))
        #expect(try runs(project) == ["one", "two", "two", "three"], "one ran once; only the interrupted step ran again")
    }

    @Test("an interrupted step marked idempotent is re-run without asking")
    func idempotentStepReruns() async throws {
        let project = try Project(plan: Self.plan(secondIdempotent: true), files: Project.kubeconfig)
        defer { project.remove() }
        let killed = try await killDuringSecondStep(project)
        let resumed = try await project.run(["apply", "plan.yaml", "--env", "local", "--resume", killed])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try runs(project) == ["one", "two", "two", "three"])
    }

    @Test("resuming a failed run starts from the failed step; a changed plan or a finished run is refused")
    func resumeAfterFailure() async throws {
        let plan = Project.header + """
              - name: work
                steps:
                  - { id: one, run: [sh, -c, "echo one >> ran.log"] }
                  - { id: two, run: [sh, -c, "echo two >> ran.log; test -f fixed"] }
                  - { id: three, run: [sh, -c, "echo three >> ran.log"] }
            """
        let project = try Project(plan: plan, files: Project.kubeconfig)
        defer { project.remove() }
        let failed = try await project.run(["apply", "plan.yaml", "--env", "local"])
        #expect(failed.status == 1)
        let failedRun = try runID(failed.stdout)

        try plan.replacingOccurrences(of: "echo three", with: "echo THREE").write(toFile: project.path("plan.yaml"), atomically: true, encoding: .utf8)
        let changed = try await project.run(["apply", "plan.yaml", "--env", "local", "--resume", failedRun])
        #expect(changed.status == 2)
        #expect(changed.stderr.contains("the plan compiles differently than in run \(failedRun)"))
        try plan.write(toFile: project.path("plan.yaml"), atomically: true, encoding: .utf8)

        FileManager.default.createFile(atPath: project.path("fixed"), contents: nil)
        let resumed = try await project.run(["apply", "plan.yaml", "--env", "local", "--resume", failedRun])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try runs(project) == ["one", "two", "two", "three"])
        let again = try await project.run(["apply", "plan.yaml", "--env", "local", "--resume", try runID(resumed.stdout)])
        #expect(again.status == 2)
        #expect(again.stderr.contains("succeeded: there is nothing to resume"))
    }

    @Test("a run resumes from a checkout moved to another folder: the plan compiles the same there")
    func resumeFromMovedCheckout() async throws {
        let plan = Project.header + """
              - name: work
                steps:
                  - { id: one, run: [sh, -c, "echo one >> ran.log"] }
                  - { id: two, run: [sh, -c, "echo two >> ran.log; test -f fixed"] }
                  - { id: pods, run: [kubectl, --kubeconfig, kube.yaml, version, --client], needs: [two] }
            """
        let project = try Project(plan: plan, files: Project.kubeconfig)
        defer { project.remove() }
        let state = project.folder + "-state"
        defer { try? FileManager.default.removeItem(atPath: state) }
        let failed = try await project.run(["apply", "plan.yaml", "--env", "local", "--state-dir", state])
        #expect(failed.status == 1, "\(failed.stderr)")
        let failedRun = try runID(failed.stdout)

        let moved = try Project(plan: plan)
        defer { moved.remove() }
        try FileManager.default.removeItem(atPath: moved.folder)
        try FileManager.default.moveItem(atPath: project.folder, toPath: moved.folder)
        FileManager.default.createFile(atPath: moved.path("fixed"), contents: nil)
        let resumed = try await moved.run(["apply", "plan.yaml", "--env", "local", "--state-dir", state, "--resume", failedRun])
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        #expect(try runs(moved) == ["one", "two", "two"])
    }

    @Test("a second apply on the same environment is refused, naming the run that holds it")
    func environmentLock() async throws {
        let project = try Project(plan: Project.header + """
              - name: work
                steps:
                  - { id: hold, run: [sh, -c, "touch holding; exec sleep 600"] }  # until the test stops it: the whole suite on 2 cores made 30 s too short
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let first = try project.start(["apply", "plan.yaml", "--env", "local", "--grace-period", "0.2"])
        try await project.waitFor("holding")
        let holder = try #require(try FileManager.default.contentsOfDirectory(atPath: project.path(".bosun/runs")).first)

        let second = try await project.run(["apply", "plan.yaml", "--env", "local"])
        #expect(second.status == 1)
        #expect(second.stderr.contains("environment 'local' is being deployed by run \(holder) (pid \(first.process.processIdentifier)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: project.path(".bosun/runs")) == [holder], "the refused run left nothing")

        kill(first.process.processIdentifier, SIGINT)
        #expect(await first.finish().status == 130)
        // Released with the process: the lock file is still there, and a new run takes it.
        try FileManager.default.removeItem(atPath: project.path("holding"))
        let next = try project.start(["apply", "plan.yaml", "--env", "local", "--grace-period", "0.2"])
        try await project.waitFor("holding")
        kill(next.process.processIdentifier, SIGINT)
        #expect(await next.finish().status == 130)
    }
}
