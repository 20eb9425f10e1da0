import Foundation
import Testing

/// `--notify URL` and a plan's `notify:`: webhooks told when a run starts and how it ended, against
/// a real HTTP receiver on 127.0.0.1. A webhook never fails, blocks or changes a run.
@Suite("run notifications to webhooks")
struct NotificationTests {
    static let token = "s3cr3t-token-4711"

    static func plan(failing: Bool = false, notify: String? = nil) -> String {
        """
        plan: demo
        \(notify.map { "notify: \($0)\n" } ?? "")vars:
          token: { value: "\(token)", secret: true }
        environments:
          local: { provider: kubectl, kubeconfig: kube.yaml }
        phases:
          - name: a
            steps:
              - { id: hello, run: [sh, -c, "echo token=$0", "${token}"] }
        \(failing ? "      - { id: boom, run: [sh, -c, \"echo $0 >&2; exit 3\", \"${token}\"] }\n" : "")
        """
    }

    private func runID(_ project: Project) throws -> String {
        try #require(try FileManager.default.contentsOfDirectory(atPath: project.path(".bosun/runs")).first)
    }

    private func journalText(_ project: Project) -> String {
        let root = project.path(".bosun")
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return files.compactMap { try? String(contentsOfFile: root + "/" + $0, encoding: .utf8) }.joined(separator: "\n")
    }

    @Test("--notify: a started and a succeeded body with the run id, outcome and user, JSON, no secret, no URL shown")
    func startAndEnd() async throws {
        let receiver = try await WebhookReceiver().started()
        defer { receiver.stop() }
        let project = try Project(plan: Self.plan(), files: Project.kubeconfig)
        defer { project.remove() }
        let hook = receiver.url("/services/T0/B0/hook-path-token")

        let result = try await project.run(["apply", "plan.yaml", "--env", "local", "--notify", hook])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(receiver.events.sorted() == ["started", "succeeded"])
        let id = try runID(project)
        for request in receiver.requests {
            #expect(request.contentType == "application/json")
            #expect(request.json["schema"] as? String == "bosun.notification/v1")
            #expect(request.json["run"] as? String == id)
            #expect(request.json["plan"] as? String == "demo" && request.json["environment"] as? String == "local")
            #expect((request.json["user"] as? String)?.contains("@") == true)
            #expect(!request.body.contains(Self.token), "no secret in \(request.body)")
        }
        let end = try #require(receiver.body(of: "succeeded"))
        #expect(end["outcome"] as? String == "succeeded" && end["exitCode"] as? Int == 0)
        #expect((end["failedSteps"] as? [Any])?.isEmpty == true)
        #expect((end["text"] as? String)?.hasPrefix("Bosun: run \(id) of demo on local succeeded") == true)
        #expect(!result.stdout.contains("hook-path-token") && !result.stderr.contains("hook-path-token"))
        #expect(!journalText(project).contains("hook-path-token"), "the journal keeps the webhook's origin only")
        #expect(journalText(project).contains("http://127.0.0.1:\(receiver.port)/***"))
    }

    @Test("the plan's notify: (a URL from ${env:…}): a failing run sends failed with the failed step, masked")
    func failedRunFromPlanKey() async throws {
        let receiver = try await WebhookReceiver().started()
        defer { receiver.stop() }
        let project = try Project(plan: Self.plan(failing: true, notify: "[\"${env:BOSUN_TEST_HOOK}\"]"), files: Project.kubeconfig)
        defer { project.remove() }

        let result = try await project.run(["apply", "plan.yaml", "--env", "local"],
                                           environment: ["BOSUN_TEST_HOOK": receiver.url("/hooks/plan")])
        #expect(result.status == 1)
        #expect(receiver.events.sorted() == ["failed", "started"])
        let end = try #require(receiver.body(of: "failed"))
        #expect(end["outcome"] as? String == "failed" && end["exitCode"] as? Int == 1)
        let failed = try #require(end["failedSteps"] as? [[String: Any]])
        #expect(failed.map { $0["id"] as? String } == ["boom"])
        #expect(failed.first?["message"] as? String == "exited with status 3")
        #expect((end["text"] as? String)?.contains("failed (exit 1)") == true)
        #expect(receiver.requests.allSatisfy { !$0.body.contains(Self.token) })
        #expect(result.stderr.isEmpty || !result.stderr.contains("warning: notification"), "\(result.stderr)")
    }

    @Test("a 500 is tried again and delivered: no warning")
    func retried() async throws {
        let receiver = try await WebhookReceiver().started()
        defer { receiver.stop() }
        let project = try Project(plan: Self.plan(), files: Project.kubeconfig)
        defer { project.remove() }

        let result = try await project.run(["apply", "plan.yaml", "--env", "local", "--notify", receiver.url("/flaky")])
        #expect(result.status == 0)
        #expect(receiver.requests.count == 3, "one of the two was answered 500 first: \(receiver.events)")
        #expect(Set(receiver.events) == ["started", "succeeded"])
        #expect(!result.stderr.contains("not delivered"), "\(result.stderr)")
    }

    @Test("an unreachable webhook and a 404: one warning each naming scheme://host, the exit status unchanged, the run not held up")
    func undelivered() async throws {
        let receiver = try await WebhookReceiver().started()
        defer { receiver.stop() }
        let project = try Project(plan: Self.plan(failing: true), files: Project.kubeconfig)
        defer { project.remove() }

        let started = Date()
        let result = try await project.run(["apply", "plan.yaml", "--env", "local",
                                            "--notify", "http://127.0.0.1:1/closed/secret-path", "--notify", receiver.url("/gone/secret-path")])
        // Refused at once, 3 attempts 0.5 s and 1 s apart: the warnings below say so (not "gave up"
        // at the 10 s bound); the time allows for a machine busy with other tests.
        #expect(Date().timeIntervalSince(started) < 45, "not held up to a bound per attempt: refused connections fail at once")
        #expect(result.status == 1, "the run's own status")
        let id = try runID(project)
        #expect(result.stderr.contains(
            "warning: notifications 'started' and 'failed' of run \(id) to http://127.0.0.1:1 not delivered: connection refused after 3 attempts; "
                + "the run's outcome and exit status are unchanged"), "\(result.stderr)")
        #expect(result.stderr.contains(
            "warning: notifications 'started' and 'failed' of run \(id) to http://127.0.0.1:\(receiver.port) not delivered: HTTP 404 (not retried)"))
        #expect(receiver.requests.count == 2, "a 404 is not tried again")
        #expect(!result.stderr.contains("secret-path") && !result.stdout.contains("secret-path"))
    }

    @Test("a webhook that never answers holds the run's end up 10 s at most, then a warning")
    func bounded() async throws {
        let receiver = try await WebhookReceiver().started()
        defer { receiver.stop() }
        let project = try Project(plan: Self.plan(), files: Project.kubeconfig)
        defer { project.remove() }

        let started = Date()
        let result = try await project.run(["apply", "plan.yaml", "--env", "local", "--notify", receiver.url("/silent")])
        let took = Date().timeIntervalSince(started)
        #expect(result.status == 0)
        #expect(took >= 9.5 && took < 50, "took \(took) s: the 10 s bound, not the receiver's 60 s silence (a margin for a machine busy with other tests)")
        #expect(result.stderr.contains("no answer within the 10s a run waits for its notifications; gave up"), "\(result.stderr)")
    }

    @Test("a dry run sends nothing")
    func dryRun() async throws {
        let receiver = try await WebhookReceiver().started()
        defer { receiver.stop() }
        let project = try Project(plan: Self.plan(notify: "[\"\(receiver.url("/plan"))\"]"), files: Project.kubeconfig)
        defer { project.remove() }

        let result = try await project.run(["apply", "plan.yaml", "--env", "local", "--dry-run", "--notify", receiver.url("/flag")])
        #expect(result.status == 0, "\(result.stderr)")
        try await Task.sleep(for: .milliseconds(300))
        #expect(receiver.requests.isEmpty)
    }

    @Test("--notify notaurl exits 2 and a bad notify: in the plan is refused at file:line, before anything runs")
    func badInput() async throws {
        let project = try Project(plan: Self.plan(notify: "[\"ftp://files.example.com/drop\"]"), files: Project.kubeconfig)
        defer { project.remove() }
        let flag = try await project.run(["apply", "plan.yaml", "--env", "local", "--notify", "notaurl"])
        #expect(flag.status == 2)
        #expect(flag.stderr.contains("--notify takes an http or https URL: it is not a URL"), "\(flag.stderr)")

        let plan = try await project.run(["apply", "plan.yaml", "--env", "local"])
        #expect(plan.status == 2)
        #expect(plan.stderr.contains("plan.yaml:2:10: error: 'notify' takes http or https URLs with a host: its scheme is 'ftp', not http or https"),
                "\(plan.stderr)")
        #expect(plan.stderr.contains("hint: write a list of webhook URLs"))
        #expect(!project.exists(".bosun/runs"), "nothing ran")
    }
}
