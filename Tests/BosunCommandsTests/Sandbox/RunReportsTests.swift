import Foundation
import Testing

/// The reports of a failing run of the main example, as CI reads them: the bad release of `make
/// run` (v1.3.0-bad, rolled back) on the sandbox with real Terraform and kubectl, its JUnit read by
/// a real XML parser and validated against the schema Jenkins and GitLab read, its failed step as a
/// GitHub annotation at the plan's file:line, its GitLab code-quality report, and its HTML report
/// rendered by headless Chromium.
@Suite("the reports of a failing run of the main plan", .serialized)
struct RunReportsTests {
    typealias Workspace = LocalDeployTests.Workspace

    static let schema = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/junit-jenkins.xsd").path

    /// Counts of a JUnit file as Python's XML parser (expat) reads it: per suite, and each case's outcome.
    static func parsedJUnit(_ path: String) async throws -> [String: Any] {
        let script = """
            import json, sys, xml.etree.ElementTree as ET
            root = ET.parse(sys.argv[1]).getroot()
            suites = []
            for suite in root.findall("testsuite"):
                cases = []
                for case in suite.findall("testcase"):
                    outcome = "passed"
                    for kind in ("failure", "error", "skipped"):
                        if case.find(kind) is not None: outcome = kind
                    out = case.find("system-out")
                    cases.append({"name": case.get("name"), "outcome": outcome, "out": out.text if out is not None else ""})
                suites.append({"name": suite.get("name"), "tests": int(suite.get("tests")), "failures": int(suite.get("failures")),
                               "errors": int(suite.get("errors")), "skipped": int(suite.get("skipped") or 0), "cases": cases})
            print(json.dumps({"tag": root.tag, "tests": int(root.get("tests")), "failures": int(root.get("failures")),
                              "errors": int(root.get("errors")), "suites": suites}))
            """
        let result = try await ChildProcess.run("/usr/bin/env", ["python3", "-c", script, path])
        guard result.status == 0 else { throw FixtureError(message: "python3 could not parse \(path): \(result.stderr)") }
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] ?? [:]
    }

    /// The page in headless Chromium: its script ran without an error, each step of the run is in
    /// the graph, the timeline and its section with the state the journal gives it, and a
    /// screenshot is a page, not a blank one.
    static func checkInChromium(_ page: String, steps: [[String: Any]]) async throws {
        let chromium = try HeadlessChromium()
        defer { chromium.remove() }
        let url = URL(fileURLWithPath: page).absoluteString
        let dump = try await chromium.run(["--dump-dom", url])
        #expect(dump.status == 0, "\(dump.stderr)")
        let dom = dump.stdout
        #expect(dom.contains("data-rendered=\"true\"") && dom.contains("data-errors=\"0\""), "the page's script ran to its end without an error")
        #expect(dom.contains("data-outcome=\"failed\""))
        #expect(dom.contains("<section id=\"timeline\">") && dom.contains("<section id=\"graph\">"))
        for step in steps {
            let id = try #require(step["id"] as? String), state = try #require(step["state"] as? String)
            let found = dom.components(separatedBy: "data-step=\"\(id)\" data-state=\"\(state)\"").count - 1
            #expect(found == 3, "\(id) is \(state) in the graph, the timeline and its section (\(found) found)")
        }
        #expect(!dump.stderr.contains("Uncaught"), "\(dump.stderr)")
        let shot = chromium.folder + "/shot.png"
        let screenshot = try await chromium.run(["--screenshot=\(shot)", "--window-size=1280,2000", url])
        #expect(screenshot.status == 0, "\(screenshot.stderr)")
        let png = try await PNGContents.measure(shot)
        #expect(png.colours > 100 && png.notBackground > 0.02, "not blank: \(png)")
    }

    @Test("a rolled-back release yields JUnit with the right counts, a GitHub annotation at the plan's line, a GitLab report and an HTML page Chromium renders")
    func failingRunReports() async throws {
        try #require(FileManager.default.fileExists(atPath: Workspace.terraformHome + "/terraformrc"),
                     "terraform 1.0.3 is installed by `make deps` (make terraform-tools)")
        let workspace = try Workspace()
        defer { workspace.remove() }
        try await workspace.withSandbox {
            let local = ["plans/ecotrack/ecotrack.yaml", "--env", "local", "--yes", "--set", "domain=ecotrack.localhost:\(try workspace.port)"]
            let good = try await workspace.bosun(["apply"] + local + ["--set", "version=v1.2.0"])
            #expect(good.status == 0, "\(good.stdout.suffix(2000))\(good.stderr)")

            let reports = workspace.root + "/reports"
            try FileManager.default.createDirectory(atPath: reports, withIntermediateDirectories: true)
            let environment = workspace.environment.merging(["GITHUB_ACTIONS": "true", "GITHUB_WORKSPACE": workspace.root]) { $1 }
            let bad = try await BosunProcess.start(
                ["apply"] + local + ["--set", "version=v1.3.0-bad", "--report", "junit=reports/junit.xml", "--report", "gitlab=reports/quality.json",
                                     "--report", "html=reports/run.html"],
                in: workspace.root, environment: environment).finish()
            #expect(bad.status == 3, "rolled back: \(bad.stdout.suffix(2000))")

            // What the journal says ran, to count against.
            let run = try workspace.newestRun()
            let runID = try #require(run["runID"] as? String)
            let steps = try #require(run["steps"] as? [[String: Any]])
            let states = steps.compactMap { $0["state"] as? String }
            let failing = states.filter { ["failed", "timedOut", "rolledBack", "rollbackFailed"].contains($0) }.count
            #expect(failing >= 1 && states.contains("rolledBack"))

            // JUnit: valid against the schema, and a real parser counts what the journal holds.
            let lint = try await ChildProcess.run("/usr/bin/env", ["xmllint", "--noout", "--schema", Self.schema, reports + "/junit.xml"])
            #expect(lint.status == 0, "xmllint: \(lint.stderr)")
            let junit = try await Self.parsedJUnit(reports + "/junit.xml")
            #expect(junit["tag"] as? String == "testsuites")
            #expect(junit["tests"] as? Int == steps.count)
            #expect(junit["failures"] as? Int == failing)
            let suites = try #require(junit["suites"] as? [[String: Any]])
            let plan = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: workspace.root + "/.bosun/runs/\(runID)/plan.json"))) as? [String: Any]
            let planSteps = try #require(plan?["steps"] as? [[String: Any]]).filter { $0["kind"] as? String != "barrier" }
            var phases: [String] = []
            for step in planSteps { if let phase = step["phase"] as? String, !phases.contains(phase) { phases.append(phase) } }
            #expect(Set(suites.compactMap { $0["name"] as? String }) == Set(phases), "one suite per phase")
            #expect(suites.reduce(0) { $0 + ($1["tests"] as? Int ?? 0) } == steps.count)
            let cases = suites.flatMap { $0["cases"] as? [[String: Any]] ?? [] }
            let release = try #require(cases.first { $0["name"] as? String == "release-user-service" })
            #expect(release["outcome"] as? String == "failure")
            #expect((release["out"] as? String ?? "").contains("rollout"), "the step's log is its system-out")

            // GitHub: the rolled-back step annotated at the line the plan writes it on.
            let located = try #require(planSteps.first { $0["id"] as? String == "release-user-service" }?["location"] as? [String: Any])
            let line = try #require(located["line"] as? Int), column = try #require(located["column"] as? Int)
            let planLines = try String(contentsOfFile: workspace.root + "/plans/ecotrack/ecotrack.yaml", encoding: .utf8)
                .components(separatedBy: "\n")
            #expect(planLines[line - 1].contains("user-service"), "the location is the release's own line: \(planLines[line - 1])")
            #expect(bad.stdout.contains("::error file=plans/ecotrack/ecotrack.yaml,line=\(line),col=\(column),title=step release-user-service failed and was rolled back::"),
                    "\(bad.stdout.suffix(1500))")

            // GitLab: the same step, at the same path and line.
            let quality = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: reports + "/quality.json"))) as? [[String: Any]]
            let issue = try #require(quality?.first { ($0["description"] as? String ?? "").contains("release-user-service") })
            #expect((issue["location"] as? [String: Any])?["path"] as? String == "plans/ecotrack/ecotrack.yaml")
            #expect(((issue["location"] as? [String: Any])?["lines"] as? [String: Any])?["begin"] as? Int == line)

            // HTML: headless Chromium renders every step with its state, and the timeline.
            if HeadlessChromium.path != nil {
                try await Self.checkInChromium(reports + "/run.html", steps: steps)
            } else {
                Issue.record("chromium is not on PATH: `make deps` installs it (apt-get install chromium)")
            }

            // `show --format junit` renders the same report from the journal afterwards.
            let shown = try await workspace.bosun(["show", runID, "--format", "junit"])
            #expect(shown.status == 0)
            #expect(shown.stdout.contains("<testsuites") && shown.stdout.contains("name=\"release-user-service\""))
        }
    }
}
