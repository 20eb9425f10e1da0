import Foundation
import Testing

/// `bosun apply`, `runs` and `show` as a user runs them: real processes (`sh`, `sleep`) as steps.
@Suite("apply, runs and show from the command line")
struct ApplyCommandTests {
    /// Runs `apply` on `local` and returns the result; `extra` goes after the environment.
    private func apply(_ project: Project, _ extra: [String] = [], withoutTerminal: Bool = false) async throws -> BosunProcess.Result {
        try await project.run(["apply", "plan.yaml", "--env", "local"] + extra, withoutTerminal: withoutTerminal)
    }

    @Test("a successful run exits 0, runs steps in the plan's folder, and journals plan, states and logs")
    func successfulRun() async throws {
        let project = try Project(plan: Project.header + """
              - name: first
                parallel: true
                steps:
                  - { id: greet, run: [sh, -c, "echo ${greeting} from $(cat input.txt)"] }
                  - { id: mark, run: [sh, -c, "echo done > marker"] }
              - name: second
                steps:
                  - { id: last, run: [cat, marker] }
            """, files: Project.kubeconfig.merging(["input.txt": "the plan folder"]) { $1 })
        defer { project.remove() }
        let result = try await apply(project)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("[greet] hello from the plan folder"))
        #expect(result.stdout.contains("[last] done"))
        #expect(result.stdout.contains("Run succeeded in"))
        #expect(result.stdout.contains("3 succeeded"))

        let run = try project.runJSON()
        #expect(run["outcome"] as? String == "succeeded")
        #expect(run["exitCode"] as? Int == 0)
        let steps = try #require(run["steps"] as? [[String: Any]])
        #expect(Set(steps.map { $0["id"] as? String }) == ["greet", "mark", "last"])
        #expect(steps.allSatisfy { $0["state"] as? String == "succeeded" && $0["exitStatus"] as? Int == 0 })
        let runID = try #require(run["runID"] as? String)
        #expect(project.exists(".bosun/runs/\(runID)/plan.json"))
        #expect(try project.read(".bosun/runs/\(runID)/logs/greet.log").contains("hello from the plan folder"))

        let runs = try await project.run(["runs"])
        #expect(runs.status == 0)
        #expect(runs.stdout.contains(runID))
        #expect(runs.stdout.contains("3/3 ok"))
        let show = try await project.run(["show", runID, "--logs"])
        #expect(show.status == 0)
        #expect(show.stdout.contains("environment local"))
        #expect(show.stdout.contains("$ sh -c 'echo ${greeting}") == false, "variables are resolved in the journal")
        #expect(show.stdout.contains("hello from the plan folder"))
        let json = try await project.run(["show", "last", "--json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((document["run"] as? [String: Any])?["runID"] as? String == runID)
    }

    @Test("a failing step exits 1, stops its running sibling at once, and skips what depends on it")
    func failFast() async throws {
        let project = try Project(plan: Project.header + """
              - name: first
                parallel: true
                steps:
                  - { id: broken, run: [sh, -c, "sleep 0.3; echo boom >&2; exit 4"] }
                  - { id: long, run: [sleep, "600"] }
              - name: second
                steps:
                  - { id: never, run: [touch, never-ran] }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let started = Date()
        let result = try await apply(project)
        #expect(result.status == 1)
        #expect(Date().timeIntervalSince(started) < 120, "the 600 s sibling was stopped, not waited for")
        #expect(result.stdout.contains("[broken] boom"))
        #expect(result.stdout.contains(#/broken\s+FAILED\s+\S+\s+1\s+exited with status 4/#))
        #expect(result.stdout.contains(#/long\s+cancelled/#))
        #expect(result.stdout.contains(#/never\s+skipped/#))
        #expect(!project.exists("never-ran"))
        #expect(try project.runJSON()["outcome"] as? String == "failed")
    }

    @Test("--keep-going finishes independent branches and still exits 1")
    func keepGoing() async throws {
        let project = try Project(plan: Project.header + """
              - name: work
                parallel: true
                steps:
                  - { id: broken, run: ["false"] }
                  - { id: after-broken, needs: [broken], run: [touch, dependent-ran] }
                  - { id: independent, run: [sh, -c, "sleep 0.5; touch independent-ran"] }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await apply(project, ["--keep-going"])
        #expect(result.status == 1)
        #expect(project.exists("independent-ran"))
        #expect(!project.exists("dependent-ran"))
        #expect(result.stdout.contains(#/after-broken\s+skipped\s+-\s+-\s+dependency broken failed/#))
    }

    @Test("--target runs the step and what it needs, nothing else; an unknown target exits 2 with a hint")
    func targets() async throws {
        let project = try Project(plan: Project.header + """
              - name: foundation
                steps:
                  - { id: base, run: [touch, base-ran] }
              - name: apps
                parallel: true
                steps:
                  - { id: api, run: [touch, api-ran] }
                  - { id: web, run: [touch, web-ran] }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await apply(project, ["--target", "api"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(project.exists("base-ran") && project.exists("api-ran"))
        #expect(!project.exists("web-ran"))

        let unknown = try await apply(project, ["--target", "apj"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--target 'apj' is not a step of demo on local"))
        #expect(unknown.stderr.contains("did you mean 'api'?"))
        let runs = try FileManager.default.contentsOfDirectory(atPath: project.path(".bosun/runs"))
        #expect(runs.count == 1, "a rejected command leaves no run folder behind")
    }

    @Test("an approval without --yes and without a terminal fails the step; --yes approves it")
    func approvals() async throws {
        let project = try Project(plan: Project.header + """
              - name: release
                steps:
                  - approve: "Ship it?"
                  - { id: ship, run: [touch, shipped] }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let refused = try await apply(project, withoutTerminal: true)
        #expect(refused.status == 1)
        #expect(refused.stdout.contains("approval required: re-run with --yes or from a terminal"))
        #expect(!project.exists("shipped"))
        let approved = try await apply(project, ["--yes"], withoutTerminal: true)
        #expect(approved.status == 0)
        #expect(project.exists("shipped"))
    }

    @Test("Ctrl-C stops the run: exit 130, the step's whole process group is gone, the journal says interrupted")
    func interrupt() async throws {
        // The step's shell ignores SIGTERM and waits on a grandchild: only a group kill after the
        // grace period ends both.
        let project = try Project(plan: Project.header + """
              - name: work
                steps:
                  - { id: stubborn, run: [sh, -c, "trap '' TERM; sleep 60 & echo $! > child.pid; echo $$ > shell.pid; wait"] }
                  - { id: after, run: [touch, after-ran] }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let running = try BosunProcess.start(["apply", "plan.yaml", "--env", "local", "--grace-period", "0.5"], in: project.folder)
        try await project.waitFor("child.pid", "shell.pid")
        let pids = try ["child.pid", "shell.pid"].map { try #require(Int32(project.read($0).trimmingCharacters(in: .whitespacesAndNewlines))) }
        kill(running.process.processIdentifier, SIGINT)
        let result = await running.finish()

        #expect(result.status == 130)
        #expect(result.stderr.contains("SIGINT: stopping running steps"))
        #expect(result.stdout.contains(#/stubborn\s+cancelled/#))
        #expect(result.stdout.contains(#/after\s+skipped/#))
        for pid in pids {
            #expect(await ProcessTable.hasExited(pid), "process \(pid) of the cancelled step is gone")
        }
        #expect(!project.exists("after-ran"))
        #expect(try project.runJSON()["outcome"] as? String == "interrupted")
    }

    @Test("runs filters by plan and environment; show of an unknown run names the newest ones")
    func runsAndShowErrors() async throws {
        let project = try Project(plan: Project.header + "  - name: a\n    steps:\n      - { id: one, run: [\"true\"] }\n",
                                  files: Project.kubeconfig)
        defer { project.remove() }
        #expect(try await apply(project).status == 0)
        #expect(try await project.run(["runs", "--plan", "other"]).stdout.isEmpty)
        #expect(try await project.run(["runs", "--env", "local"]).stdout.contains("demo"))
        let missing = try await project.run(["show", "20990101-000000-0000"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no run '20990101-000000-0000'"))
        #expect(missing.stderr.contains("newest runs: "))
    }
}
