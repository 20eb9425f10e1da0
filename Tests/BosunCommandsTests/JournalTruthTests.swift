import Foundation
import Testing

/// The journal is the truth: no step runs that it does not record, a damaged journal is read as
/// far as it can be (and never mistaken for "nothing ran"), and no run is resumed twice.
@Suite("the journal is the truth: write failures, damage, resumes")
struct JournalTruthTests {
    /// `one`, then `two` (waits in `sleep 60` the first time, so a test can kill Bosun there),
    /// then `three`; each appends its name to `ran.log`.
    static let killablePlan = Project.header + """
          - name: work
            steps:
              - { id: one, run: [sh, -c, "echo one >> ran.log"] }
              - id: two
                idempotent: true
                run: [sh, -c, "echo two >> ran.log; if [ ! -f two.done ]; then touch two.done; echo $$ > two.pid; exec sleep 60; fi"]
              - { id: three, run: [sh, -c, "echo three >> ran.log; test ! -f three.fails"] }
        """

    /// `killablePlan` with a `two` whose sleep is the shell's child (its pid in `sleep.pid`): the
    /// killed Bosun's parent-death signal ends the shell, and the sleep lives on in its group.
    static let orphaningPlan = killablePlan.replacingOccurrences(
        of: "echo $$ > two.pid; exec sleep 60", with: "sleep 60 & echo $! > sleep.pid; echo $$ > two.pid; wait")

    private func ran(_ project: Project) throws -> [String] {
        try project.read("ran.log").split(separator: "\n").map(String.init)
    }

    private func onlyRun(_ project: Project) throws -> String {
        try #require(try FileManager.default.contentsOfDirectory(atPath: project.path(".bosun/runs")).sorted().last)
    }

    /// Kills Bosun with SIGKILL while `two` runs; with `keepChild`, `two`'s process lives on.
    private func killDuringTwo(_ project: Project, keepChild: Bool = false) async throws -> (run: String, child: Int32) {
        let running = try project.start(["apply", "plan.yaml", "--env", "local"])
        try await project.waitFor("two.pid")
        try await Task.sleep(for: .milliseconds(200))
        kill(running.process.processIdentifier, SIGKILL)
        _ = await running.finish()
        let child = try #require(Int32(try project.read("two.pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        if !keepChild {
            kill(-child, SIGKILL)
            _ = await ProcessTable.hasExited(child, timeout: 3)
        }
        return (try onlyRun(project), child)
    }

    // MARK: Writing

    @Test("a journal that cannot be written (file size limit) stops the run before the next step, says so, exits non-zero")
    func fullDiskStopsTheRun() async throws {
        let project = try Project(plan: Project.header + """
              - name: work
                steps:
                  - { id: loud, run: [sh, -c, "i=0; while [ $i -lt 3000 ]; do echo line $i of output that fills the log file; i=$((i+1)); done"] }
                  - { id: after, needs: [loud], run: [touch, after.ran] }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        // 48 × 512 bytes: room for plan.json and run.json, not for loud's 150 KB log (EFBIG, as ENOSPC would be).
        let result = try await BosunProcess.run(
            ["-c", "ulimit -f 48 && exec \"$0\" apply plan.yaml --env local", BosunProcess.binary], in: project.folder,
            shell: true)
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(!project.exists("after.ran"), "no step starts once the journal cannot be written")
        #expect(result.stderr.contains("cannot write the journal"))
        #expect(result.stderr.contains("File too large"))
        #expect(result.stderr.contains("is incomplete"))
        #expect(result.stdout.contains(#/after\s+failed/#) || result.stdout.contains("not started: cannot write the journal"))
    }

    @Test("a step id of 300 bytes journals its log like any other")
    func longStepID() async throws {
        let id = String(repeating: "very-long-step-name-", count: 15)
        let project = try Project(plan: Project.header + """
              - name: work
                steps:
                  - { id: \(id), run: [echo, "from the long one"] }
                  - { id: after, needs: [\(id)], run: [echo, "from after"] }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["apply", "plan.yaml", "--env", "local"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stderr.contains("cannot write"))
        let show = try await project.run(["show", "last", "--logs"])
        #expect(show.stdout.contains("from the long one"))
        #expect(show.stdout.contains("from after"))
    }

    @Test("steps a/b and a__b keep separate logs")
    func distinctLogFiles() async throws {
        let project = try Project(plan: Project.header + """
              - name: work
                steps:
                  - { id: "a/b", run: [echo, "from the slash"] }
                  - { id: "a__b", run: [echo, "from the underscores"] }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        #expect(try await project.run(["apply", "plan.yaml", "--env", "local"]).status == 0)
        let show = try await project.run(["show", "last", "--logs"])
        let slash = try #require(show.stdout.range(of: "── a/b ──"))
        let underscores = try #require(show.stdout.range(of: "── a__b ──"))
        let slashLog = show.stdout[slash.upperBound..<underscores.lowerBound]
        #expect(slashLog.contains("from the slash") && !slashLog.contains("from the underscores"))
        #expect(show.stdout[underscores.upperBound...].contains("from the underscores"))
        #expect(!show.stdout[underscores.upperBound...].contains("from the slash"))
    }

    @Test("with file descriptors exhausted, the journal ends the run and knows every step that ran")
    func descriptorsExhausted() async throws {
        let steps = (1...300).map { "      - { id: s\($0), run: [sh, -c, \"touch ran-\($0); echo output for the log; sleep 0.3\"] }" }.joined(separator: "\n")
        let project = try Project(plan: Project.header + "  - name: wide\n    parallel: true\n    steps:\n" + steps + "\n",
                                  files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await BosunProcess.run(
            ["-c", "ulimit -n 256 && exec \"$0\" apply plan.yaml --env local --concurrency 500", BosunProcess.binary],
            in: project.folder, shell: true)
        #expect([0, 1].contains(result.status), "no crash: \(result.stderr.suffix(2000))")
        let show = try await project.run(["show", "last", "--json"])
        #expect(show.status == 0, "\(show.stderr)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(show.stdout.utf8)) as? [String: Any])
        let run = try #require(document["run"] as? [String: Any])
        #expect(run["outcome"] as? String != "running", "the run ended, and its journal says how")
        let records = try #require(document["steps"] as? [[String: Any]])
        let states = Dictionary(uniqueKeysWithValues: records.compactMap { record in
            (record["id"] as? String).map { ($0, record["state"] as? String ?? "") }
        })
        for index in 1...300 where project.exists("ran-\(index)") {
            let state = states["s\(index)"]
            #expect(state != nil && state != "skipped" && state != "running", "s\(index) ran; the journal says \(state ?? "nothing")")
        }
        #expect(states.values.allSatisfy { $0 == "succeeded" } == (result.status == 0))
    }

    // MARK: Reading a damaged journal

    @Test("a torn multibyte character in the last line of events.jsonl costs that line only")
    func tornLastLine() async throws {
        let project = try Project(plan: Self.killablePlan, files: Project.kubeconfig)
        defer { project.remove() }
        let (killed, _) = try await killDuringTwo(project)
        let events = try FileHandle(forWritingTo: URL(fileURLWithPath: project.path(".bosun/runs/\(killed)/events.jsonl")))
        try events.seekToEnd()
        try events.write(contentsOf: Data("{\"event\":\"stepFinished\",\"step\":\"caf".utf8) + Data([0xC3]))
        try events.close()

        let show = try await project.run(["show", killed])
        #expect(show.status == 0, "\(show.stderr)")
        #expect(show.stdout.contains(#/one\s+ok/#))
        #expect(show.stdout.contains(#/two\s+running/#))
        let resumed = try await project.run(["apply", "plan.yaml", "--env", "local", "--resume", killed])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try ran(project) == ["one", "two", "two", "three"], "one is not run again")
    }

    @Test("a killed run whose events.jsonl or plan.json is gone cannot be resumed, and the error names the file", arguments: ["events.jsonl", "plan.json"])
    func missingJournalFile(file: String) async throws {
        let project = try Project(plan: Self.killablePlan, files: Project.kubeconfig)
        defer { project.remove() }
        let (killed, _) = try await killDuringTwo(project)
        let path = project.path(".bosun/runs/\(killed)/\(file)")
        try FileManager.default.removeItem(atPath: path)

        let show = try await project.run(["show", killed])
        #expect(show.status != 0)
        #expect(show.stderr.contains(path))
        let resumed = try await project.run(["apply", "plan.yaml", "--env", "local", "--resume", killed])
        #expect(resumed.status != 0)
        #expect(resumed.stderr.contains(path))
        #expect(try ran(project) == ["one", "two"], "nothing ran again")
    }

    @Test("a run whose run.json is missing or damaged is named by `bosun runs`, not silently left out", arguments: [false, true])
    func unreadableRunIsListed(damaged: Bool) async throws {
        let project = try Project(plan: Project.header + "  - name: work\n    steps:\n      - { id: one, run: [\"true\"] }\n",
                                  files: Project.kubeconfig)
        defer { project.remove() }
        #expect(try await project.run(["apply", "plan.yaml", "--env", "local"]).status == 0)
        #expect(try await project.run(["apply", "plan.yaml", "--env", "local"]).status == 0)
        let runs = try FileManager.default.contentsOfDirectory(atPath: project.path(".bosun/runs")).sorted()
        let runFile = project.path(".bosun/runs/\(runs[0])/run.json")
        if damaged {
            try "{\"runID\": \"trunc".write(toFile: runFile, atomically: true, encoding: .utf8)
        } else {
            try FileManager.default.removeItem(atPath: runFile)
        }
        let listed = try await project.run(["runs"])
        #expect(listed.status == 0)
        #expect(listed.stdout.contains(runs[1]))
        #expect(listed.stderr.contains(runs[0]))
        #expect(listed.stderr.contains(runFile))
    }

    // MARK: Resuming once

    @Test("resuming a killed run a second time resumes nothing twice: it is told the first resume succeeded")
    func resumeTwiceAfterSuccess() async throws {
        let project = try Project(plan: Self.killablePlan, files: Project.kubeconfig)
        defer { project.remove() }
        let (killed, _) = try await killDuringTwo(project)
        let first = try await project.run(["apply", "plan.yaml", "--env", "local", "--resume", killed])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try await project.run(["apply", "plan.yaml", "--env", "local", "--resume", killed])
        #expect(second.status != 0)
        #expect(second.stderr.contains("run \(killed) was resumed by"))
        #expect(second.stderr.contains("nothing left to resume"))
        #expect(try ran(project) == ["one", "two", "two", "three"])
    }

    @Test("resuming a killed run again after its resume failed continues from that resume")
    func resumeTwiceAfterFailure() async throws {
        let project = try Project(plan: Self.killablePlan, files: Project.kubeconfig)
        defer { project.remove() }
        let (killed, _) = try await killDuringTwo(project)
        FileManager.default.createFile(atPath: project.path("three.fails"), contents: nil)
        let first = try await project.run(["apply", "plan.yaml", "--env", "local", "--resume", killed])
        #expect(first.status == 1)
        try FileManager.default.removeItem(atPath: project.path("three.fails"))
        let second = try await project.run(["apply", "plan.yaml", "--env", "local", "--resume", killed])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("run \(killed) was resumed by"))
        #expect(try ran(project) == ["one", "two", "two", "three", "three"], "two ran once after the kill, not twice")
    }

    @Test("a step whose process outlived the killed Bosun is not started again beside it")
    func livingChildBlocksResume() async throws {
        let project = try Project(plan: Self.orphaningPlan, files: Project.kubeconfig)
        defer { project.remove() }
        let (killed, child) = try await killDuringTwo(project, keepChild: true)
        defer { kill(-child, SIGKILL) }
        let orphan = try #require(Int32(try project.read("sleep.pid").trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(ProcessTable.state(of: orphan) != nil, "the orphan still runs")

        let refused = try await project.run(["apply", "plan.yaml", "--env", "local", "--resume", killed])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("step two of run \(killed) is still running"))
        #expect(refused.stderr.contains("process group \(child)"))
        #expect(refused.stderr.contains("kill -TERM -- -\(child)"))
        #expect(try ran(project) == ["one", "two"])

        kill(-child, SIGKILL)
        #expect(await ProcessTable.hasExited(orphan, timeout: 3))
        let resumed = try await project.run(["apply", "plan.yaml", "--env", "local", "--resume", killed])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try ran(project) == ["one", "two", "two", "three"])
    }

    // MARK: The state folder

    @Test("the state folder and every journal file are the owner's only")
    func ownerOnly() async throws {
        let project = try Project(plan: Project.header + "  - name: work\n    steps:\n      - { id: talk, run: [echo, hi] }\n",
                                  files: Project.kubeconfig)
        defer { project.remove() }
        #expect(try await project.run(["apply", "plan.yaml", "--env", "local"]).status == 0)
        let run = try onlyRun(project)
        func mode(_ relative: String) throws -> Int {
            try #require(try FileManager.default.attributesOfItem(atPath: project.path(relative))[.posixPermissions] as? Int)
        }
        #expect(try mode(".bosun") == 0o700)
        #expect(try mode(".bosun/runs") == 0o700)
        #expect(try mode(".bosun/runs/\(run)") == 0o700)
        #expect(try mode(".bosun/runs/\(run)/logs") == 0o700)
        for file in ["run.json", "plan.json", "events.jsonl", "logs/talk.log"] {
            #expect(try mode(".bosun/runs/\(run)/\(file)") == 0o600, "\(file)")
        }
    }

    @Test("the environment lock follows the plan: a second state folder or working folder does not get past it")
    func lockFollowsThePlan() async throws {
        let project = try Project(plan: Project.header + """
              - name: work
                steps:
                  - { id: hold, run: [sh, -c, "touch holding; exec sleep 600"] }  # until the test stops it: the whole suite on 2 cores made 30 s too short
            """, files: Project.kubeconfig.merging(["elsewhere/.keep": ""]) { $1 })
        defer { project.remove() }
        let first = try project.start(["apply", "plan.yaml", "--env", "local", "--state-dir", project.path("state-a"), "--grace-period", "0.2"])
        try await project.waitFor("holding")

        let otherState = try await project.run(["apply", "plan.yaml", "--env", "local", "--state-dir", project.path("state-b")])
        #expect(otherState.status == 1)
        #expect(otherState.stderr.contains("environment 'local' is being deployed by run"))
        #expect(otherState.stderr.contains("--state-dir \(project.path("state-a"))"))
        let otherFolder = try await BosunProcess.run(["apply", "../plan.yaml", "--env", "local"], in: project.path("elsewhere"))
        #expect(otherFolder.status == 1)
        #expect(otherFolder.stderr.contains("is being deployed by run"))

        kill(first.process.processIdentifier, SIGTERM)
        _ = await first.finish()
    }
}
