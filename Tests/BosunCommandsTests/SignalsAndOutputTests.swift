import Foundation
import Testing

/// Whatever happens to Bosun's terminal or output, it keeps supervising its steps: a reader that
/// goes away, a closed terminal (SIGHUP), an impatient second Ctrl-C.
@Suite("signals and output never leave steps unsupervised")
struct SignalsAndOutputTests {
    private func pids(_ project: Project, _ files: String...) throws -> [Int32] {
        try files.map { try #require(Int32(project.read($0).trimmingCharacters(in: .whitespacesAndNewlines))) }
    }

    @Test("`bosun apply … | head -1`: the run goes on to the end when its reader has gone, and journals the outcome")
    func closedStandardOutput() async throws {
        let project = try Project(plan: Project.header + """
              - name: work
                steps:
                  - { id: chatty, run: [sh, -c, "i=0; while [ $i -lt 2000 ]; do echo line $i; i=$((i+1)); done"] }
                  - { id: later, needs: [chatty], run: [sh, -c, "sleep 0.3; echo more; touch later.done"] }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BosunProcess.binary)
        process.arguments = ["apply", "plan.yaml", "--env", "local"]
        process.currentDirectoryURL = URL(fileURLWithPath: project.folder)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // What `head -1` does: read a little, then close the pipe.
        _ = output.fileHandleForReading.availableData
        try output.fileHandleForReading.close()
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                process.waitUntilExitNoticed()
                continuation.resume()
            }
        }

        #expect(process.terminationReason == .exit, "not killed by SIGPIPE or a trap")
        #expect(process.terminationStatus == 0)
        #expect(project.exists("later.done"))
        #expect(try project.runJSON()["outcome"] as? String == "succeeded")
    }

    @Test("SIGHUP (the terminal closed) stops the run like SIGTERM: the steps' processes go, the journal says interrupted")
    func hangUp() async throws {
        let project = try Project(plan: Project.header + """
              - name: work
                steps:
                  - { id: long, run: [sh, -c, "sleep 60 & echo $! > child.pid; echo $$ > shell.pid; wait"] }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let running = try BosunProcess.start(["apply", "plan.yaml", "--env", "local", "--grace-period", "0.5"], in: project.folder)
        try await project.waitFor("child.pid", "shell.pid")
        let started = try pids(project, "child.pid", "shell.pid")
        kill(running.process.processIdentifier, SIGHUP)
        let result = await running.finish()

        #expect(result.status == 130)
        #expect(result.stderr.contains("SIGHUP: stopping running steps"))
        for pid in started {
            #expect(await ProcessTable.hasExited(pid, timeout: 5), "process \(pid) of the step is gone")
        }
        #expect(try project.runJSON()["outcome"] as? String == "interrupted")
    }

    @Test("a second Ctrl-C kills the steps at once instead of waiting out the grace period")
    func secondInterruptKills() async throws {
        let project = try Project(plan: Project.header + """
              - name: work
                steps:
                  - { id: stubborn, run: [sh, -c, "trap '' TERM; sleep 60 & echo $! > child.pid; echo $$ > shell.pid; wait"] }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let running = try BosunProcess.start(["apply", "plan.yaml", "--env", "local", "--grace-period", "120"], in: project.folder)
        try await project.waitFor("child.pid", "shell.pid")
        let started = try pids(project, "child.pid", "shell.pid")
        kill(running.process.processIdentifier, SIGINT)
        let deadline = Date().addingTimeInterval(10)
        while !running.stderrSoFar.contains("stopping running steps") && Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        // The shell ignores SIGTERM: only SIGKILL ends it before the 120 s grace period.
        #expect(await !ProcessTable.hasExited(started[1], timeout: 0.5))
        kill(running.process.processIdentifier, SIGINT)
        for pid in started {
            #expect(await ProcessTable.hasExited(pid, timeout: 10), "process \(pid) killed at the second SIGINT")
        }
        let result = await running.finish()
        #expect(result.status == 130)
        #expect(result.stderr.contains("SIGINT again: every step's processes killed (SIGKILL)"))
    }

    @Test("--set of a secret variable is masked in run.json's invocation and in `bosun show`")
    func secretOnTheCommandLine() async throws {
        let secret = "pa55-from-the-command-line"
        let project = try Project(plan: """
            plan: demo
            vars:
              token: { value: placeholder, secret: true }
            environments:
              local: { provider: kubectl, kubeconfig: kube.yaml }
            phases:
              - name: work
                steps:
                  - { id: use, run: [sh, -c, "test \\"$0\\" = \(secret)", "${token}"] }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["apply", "plan.yaml", "--env", "local", "--set", "token=\(secret)"])
        #expect(result.status == 0, "\(result.stderr)")
        let invocation = try #require(try project.runJSON()["invocation"] as? [String])
        #expect(!invocation.joined(separator: " ").contains(secret))
        #expect(invocation.contains { $0.hasPrefix("token=") }, "the option itself is still recorded")
        let show = try await project.run(["show", "last"])
        #expect(show.status == 0)
        #expect(!show.stdout.contains(secret))
        #expect(show.stdout.contains("--set token="))
    }

    @Test("an absurd --grace-period or --concurrency is refused with the allowed range, before anything runs",
          arguments: [["--grace-period", "1e20"], ["--grace-period", "nan"], ["--grace-period", "-1"], ["--concurrency", "0"],
                      ["--concurrency", "9223372036854775807"]])
    func boundedOptions(option: [String]) async throws {
        let project = try Project(plan: Project.header + "  - name: work\n    steps:\n      - { id: one, run: [touch, ran] }\n",
                                  files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["apply", "plan.yaml", "--env", "local"] + option)
        #expect(result.status != 0 && result.status < 128, "refused, not crashed: \(result.status)")
        #expect(result.stderr.contains(option[0]))
        #expect(result.stderr.contains("between"))
        #expect(!project.exists("ran"))
    }
}
