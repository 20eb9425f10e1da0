import Foundation
import Testing

/// `show --format junit|gitlab|github`, `apply --report FORMAT=FILE` and GitHub annotations, as CI
/// uses them: real runs of `sh` steps, reports read back by parsers.
@Suite("run reports from the command line")
struct RunReportCommandsTests {
    static let plan = Project.header + """
          - name: build
            parallel: true
            steps:
              - { id: lint, run: [sh, -c, "echo lint ok; echo token ${token}"] }
              - { id: image, run: [sh, -c, "printf '\\\\033[32mbuilt\\\\033[0m <image> & more\\\\n'; sleep 0.2"] }
          - name: ship
            steps:
              - { id: deploy, run: [sh, -c, "echo deploying; exit 3"] }
              - { id: smoke, run: [echo, never] }
        """

    /// The line and column of the step whose line contains `text`, in `plan`: where Bosun locates
    /// a step written `- { id: … }` (its mapping).
    static func location(of text: String, in plan: String) throws -> (line: Int, column: Int) {
        let lines = plan.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { $0.contains(text) })
        let column = try #require(lines[index].firstIndex(of: "{")).utf16Offset(in: lines[index]) + 1
        return (index + 1, column)
    }

    static func project() throws -> Project {
        try Project(plan: Self.plan.replacingOccurrences(of: "vars: { greeting: hello }", with: "vars: { greeting: hello, token: { value: hunter2-secret, secret: true } }"),
                    files: Project.kubeconfig)
    }

    @Test("--report writes JUnit and a GitLab report when a failing run ends; the exit status stays the run's")
    func reportsOfAFailingRun() async throws {
        let project = try Self.project()
        defer { project.remove() }
        try FileManager.default.createDirectory(atPath: project.path("out"), withIntermediateDirectories: true)
        let result = try await project.run(["apply", "plan.yaml", "--env", "local", "--report", "junit=out/junit.xml", "--report", "gitlab=out/quality.json"])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains("junit report: out/junit.xml"))

        let xml = try project.read("out/junit.xml")
        #expect(!xml.contains("hunter2-secret"), "secrets stay masked in the logs")
        let lint = try await ChildProcess.run("/usr/bin/env", ["xmllint", "--noout", "--schema", RunReportsTests.schema, project.path("out/junit.xml")])
        #expect(lint.status == 0, "\(lint.stderr)")
        let junit = try await RunReportsTests.parsedJUnit(project.path("out/junit.xml"))
        #expect(junit["tests"] as? Int == 4 && junit["failures"] as? Int == 1 && junit["errors"] as? Int == 0)
        let suites = try #require(junit["suites"] as? [[String: Any]])
        #expect(suites.map { $0["name"] as? String } == ["build", "ship"])
        #expect(suites.map { $0["skipped"] as? Int } == [0, 1])
        let cases = suites.flatMap { $0["cases"] as? [[String: Any]] ?? [] }
        #expect(cases.map { "\($0["name"] ?? "")=\($0["outcome"] ?? "")" } == ["lint=passed", "image=passed", "deploy=failure", "smoke=skipped"])
        let image = try #require(cases.first { $0["name"] as? String == "image" }?["out"] as? String)
        #expect(image.contains("built <image> & more"), "the log, without its terminal colours: \(image)")

        let quality = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: project.path("out/quality.json")))) as? [[String: Any]])
        #expect(quality.count == 1)
        #expect((quality.first?["location"] as? [String: Any])?["path"] as? String == "plan.yaml")
        let deploy = try Self.location(of: "id: deploy", in: try project.read("plan.yaml"))
        #expect(((quality.first?["location"] as? [String: Any])?["lines"] as? [String: Any])?["begin"] as? Int == deploy.line)

        // The same reports from the journal afterwards.
        let shown = try await project.run(["show", "last", "--format", "junit"])
        #expect(shown.status == 0)
        #expect(shown.stdout.contains(#"<testcase name="deploy" classname="demo.local.ship""#))
    }

    @Test("with GITHUB_ACTIONS=true a failed step is an ::error at its plan line, and a plan error at its own")
    func githubAnnotations() async throws {
        let project = try Self.project()
        defer { project.remove() }
        let github = ["GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": project.folder]
        let result = try await project.run(["apply", "plan.yaml", "--env", "local"], environment: github)
        #expect(result.status == 1)
        let (line, column) = try Self.location(of: "id: deploy", in: try project.read("plan.yaml"))
        let annotation = "::error file=plan.yaml,line=\(line),col=\(column),title=step deploy failed::exited with status 3\n"
        #expect(result.stdout.contains(annotation), "\(result.stdout)")
        let withoutGitHub = try await project.run(["show", "last"])
        #expect(!withoutGitHub.stdout.contains("::error"))
        let shown = try await project.run(["show", "last", "--format", "github"], environment: github)
        #expect(shown.stdout == annotation)

        let invalidPlan = try project.read("plan.yaml") + "      - { id: late, run: [echo], neds: [deploy] }\n"
        try invalidPlan.write(toFile: project.path("plan.yaml"), atomically: true, encoding: .utf8)
        let typo = try Self.location(of: "neds", in: invalidPlan)
        let invalid = try await project.run(["validate", "plan.yaml", "--format", "json"], environment: github)
        #expect(invalid.status == 2)
        #expect(!invalid.stdout.contains("::error"), "standard output stays a JSON document")
        let text = try await project.run(["validate", "plan.yaml"], environment: github)
        #expect(text.stderr.contains("::error file=plan.yaml,line=\(typo.line),col="), "\(text.stderr)")
        #expect(text.stderr.contains("title=plan error::"))
        let gitlab = try await project.run(["validate", "plan.yaml", "--format", "gitlab"])
        #expect(gitlab.status == 2)
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(gitlab.stdout.utf8)) as? [[String: Any]], "\(gitlab.stdout)")
        #expect(issues.first?["check_name"] as? String == "bosun.plan.error")
        #expect(((issues.first?["location"] as? [String: Any])?["lines"] as? [String: Any])?["begin"] as? Int == typo.line)
    }

    @Test("bad --report values are refused before anything runs")
    func badReportOptions() async throws {
        let project = try Self.project()
        defer { project.remove() }
        for (arguments, message) in [
            (["--report", "pdf=out.pdf"], "--report"),
            (["--report", "junit="], "--report"),
            (["--report", "junit=missing/junit.xml"], "does not exist; create it first"),
            (["--report", "junit=a.xml", "--report", "html=a.xml"], "names a.xml twice"),
            (["--report", "junit=.", ], "is a folder"),
            (["--report", "junit=a.xml", "--dry-run"], "--report needs a real run"),
        ] {
            let result = try await project.run(["apply", "plan.yaml", "--env", "local"] + arguments)
            #expect(result.status == 2, "\(arguments): \(result.stderr)")
            #expect(result.stderr.contains(message), "\(arguments): \(result.stderr)")
            #expect(!project.exists(".bosun/runs"), "nothing ran for \(arguments)")
        }
        let logs = try await project.run(["show", "last", "--format", "junit", "--logs"])
        #expect(logs.status == 2 && logs.stderr.contains("--logs goes with the text format"))
    }
}
