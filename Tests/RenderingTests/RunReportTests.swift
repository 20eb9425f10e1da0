import BosunBasics
import Foundation
import FoundationXML
import PlanGraph
import PlanModel
@testable import Rendering
import Testing
@testable import Execution

/// The reports CI reads, from a run told by its journal: the timeline's waits and critical path,
/// JUnit as an XML parser reads it, GitHub's workflow commands and GitLab's code-quality JSON.
@Suite struct RunReportTests {
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static func at(_ line: Int) -> BosunBasics.SourceLocation { BosunBasics.SourceLocation(file: "plans/shop.yaml", line: line, column: 9) }

    /// Two phases through barriers: `build` runs `lint` (1 s) beside `image` (3 s); `ship` runs
    /// `deploy`, which starts 0.2 s after `image` ends and fails, and `smoke`, never started.
    static func plan() -> CompiledPlan {
        let steps = [
            CompiledStep(id: "phase:build:start", kind: .barrier, phase: "build", location: at(4), summary: ""),
            CompiledStep(id: "lint", kind: .run, phase: "build", location: at(7), summary: "run lint"),
            CompiledStep(id: "image", kind: .run, phase: "build", location: at(8), summary: "run docker"),
            CompiledStep(id: "phase:build:end", kind: .barrier, phase: "build", location: at(4), summary: ""),
            CompiledStep(id: "phase:ship:start", kind: .barrier, phase: "ship", location: at(10), summary: ""),
            CompiledStep(id: "deploy", kind: .apply, phase: "ship", location: at(13), summary: "apply k8s"),
            CompiledStep(id: "smoke", kind: .check, phase: "ship", location: at(14), summary: "check health"),
            CompiledStep(id: "phase:ship:end", kind: .barrier, phase: "ship", location: at(10), summary: ""),
        ]
        var graph = DependencyGraph(nodeCount: steps.count)
        for (from, to) in [(0, 1), (0, 2), (1, 3), (2, 3), (3, 4), (4, 5), (5, 6), (6, 7)] { graph.addEdge(from: from, to: to) }
        return CompiledPlan(
            planName: "shop", description: nil, environment: "prod", planFile: "plans/shop.yaml", workingDirectory: "/repo/plans",
            kubeconfig: "<run>/kubeconfig", runDirectory: "<run>", variables: ["version": "v2", "token": "***"],
            steps: steps, graph: graph, levels: [0, 1, 1, 2, 3, 4, 5, 6], criticalPath: [2, 5, 6], tools: [])
    }

    static func record(_ id: String, _ kind: StepKind, _ state: StepState, from: Double?, to: Double?, message: String? = nil) -> StepRecord {
        StepRecord(id: id, kind: kind, state: state, attempts: from == nil ? 0 : 1, exitStatus: state == .failed ? 3 : nil,
                   startedAt: from.map { start + $0 }, finishedAt: to.map { start + $0 },
                   duration: from.flatMap { from in to.map { $0 - from } }, message: message)
    }

    static func timeline(logs: [String: String] = [:]) -> RunTimeline {
        let metadata = RunMetadata(
            runID: "20261206-120000-abcd", planName: "shop", planFile: "plans/shop.yaml", environment: "prod",
            invocation: ["bosun", "apply"], startedAt: start, finishedAt: start + 4, outcome: .failed, exitCode: 1,
            source: nil, resumedFrom: nil, evictedLockHolder: nil, release: nil, restores: nil, service: nil)
        let records = [
            record("lint", .run, .succeeded, from: 0, to: 1),
            record("image", .run, .succeeded, from: 0, to: 3),
            record("deploy", .apply, .failed, from: 3.2, to: 4, message: "exited with status 3"),
            record("smoke", .check, .skipped, from: nil, to: nil, message: "not started: deploy failed"),
        ]
        return RunTimeline(metadata: metadata, records: records, plan: plan(), logs: logs)
    }

    @Test("each step waited on the need that ended last, through the phase barriers; the critical path follows those waits")
    func waitsAndCriticalPath() throws {
        let timeline = Self.timeline()
        #expect(timeline.steps.map(\.id) == ["lint", "image", "deploy", "smoke"])
        #expect(timeline.phases.map(\.name) == ["build", "ship"])
        let deploy = try #require(timeline.steps.first { $0.id == "deploy" })
        #expect(deploy.needs == [] && deploy.needsPhases == ["build"], "the phase before, through its barriers")
        let smokeNeeds = try #require(timeline.steps.first { $0.id == "smoke" })
        #expect(smokeNeeds.needs == ["deploy"] && smokeNeeds.needsPhases == [], "a sequential phase chains its steps")
        #expect(deploy.waitedOn == "image")
        #expect(abs((deploy.readyAfter ?? 0) - 3) < 0.001)
        #expect(abs((deploy.queued ?? 0) - 0.2) < 0.001)
        #expect(timeline.criticalPath == ["image", "deploy"])
        #expect(timeline.steps.filter(\.onCriticalPath).map(\.id) == ["image", "deploy"])
        let lint = try #require(timeline.steps.first { $0.id == "lint" })
        #expect(lint.waitedOn == nil && lint.readyAfter == 0, "a first step waits on nothing")
        let smoke = try #require(timeline.steps.first { $0.id == "smoke" })
        #expect(smoke.readyAfter == nil && smoke.startOffset == nil, "a step whose need never finished was never ready")
    }

    @Test("JUnit: one suite per phase, one case per step, failures, skips and logs as an XML parser reads them")
    func junitParses() throws {
        let log = "$ deploy\n\u{1B}[31merror\u{1B}[0m: <nope> & \"quoted\" \u{01}bell\n"
        let xml = JUnitReport.render(Self.timeline(logs: ["deploy": log]), hostname: "ci-7")
        let document = try XMLDocument(xmlString: xml)
        let root = try #require(document.rootElement())
        #expect(root.name == "testsuites")
        #expect(root.attribute(forName: "tests")?.stringValue == "4")
        #expect(root.attribute(forName: "failures")?.stringValue == "1")
        let suites = root.elements(forName: "testsuite")
        #expect(suites.map { $0.attribute(forName: "name")?.stringValue } == ["build", "ship"])
        let ship = suites[1]
        #expect(ship.attribute(forName: "tests")?.stringValue == "2")
        #expect(ship.attribute(forName: "failures")?.stringValue == "1")
        #expect(ship.attribute(forName: "skipped")?.stringValue == "1")
        #expect(ship.attribute(forName: "hostname")?.stringValue == "ci-7")
        let cases = ship.elements(forName: "testcase")
        #expect(cases.map { $0.attribute(forName: "name")?.stringValue } == ["deploy", "smoke"])
        #expect(cases[0].attribute(forName: "time")?.stringValue == "0.800")
        let failure = try #require(cases[0].elements(forName: "failure").first)
        #expect(failure.attribute(forName: "message")?.stringValue == "failed: exited with status 3")
        #expect(failure.stringValue?.contains("plans/shop.yaml:13:9") == true, "where the step is written")
        let out = try #require(cases[0].elements(forName: "system-out").first?.stringValue)
        #expect(out.contains("error: <nope> & \"quoted\""), "the log, unescaped by the parser, without terminal colours: \(out)")
        #expect(!out.contains("\u{1B}"))
        #expect(cases[1].elements(forName: "skipped").first?.attribute(forName: "message")?.stringValue == "not started: deploy failed")
        #expect(!xml.contains(" file=") && !xml.contains(" line="), "junit-10.xsd allows name, classname and time on a test case only")
    }

    @Test("GitHub annotations: one ::error per failed step at its file:line:col, with the runner's escapes")
    func githubAnnotations() {
        var timeline = Self.timeline()
        timeline.steps[2].record.message = "100% broken,\nsee: logs"
        let text = GitHubAnnotations.render(ReportedProblem.failedSteps(of: timeline), paths: AnnotationPaths(root: "/repo", currentDirectory: "/repo"))
        #expect(text == "::error file=plans/shop.yaml,line=13,col=9,title=step deploy failed::100%25 broken,%0Asee: logs\n")
        let nested = AnnotationPaths(root: "/repo", currentDirectory: "/repo/plans")
        #expect(nested.relative("shop.yaml") == "plans/shop.yaml", "relative to the repository, not to where bosun ran")
        #expect(nested.relative("/elsewhere/p.yaml") == "/elsewhere/p.yaml")
        #expect(GitHubAnnotations.escapeProperty("step a,b: c") == "step a%2Cb%3A c")
    }

    @Test("plan diagnostics become annotations with their severity, hint and notes")
    func diagnosticAnnotations() {
        let diagnostics = [
            Diagnostic(.error, at: Self.at(5), "unknown key 'nedds'", hint: "did you mean 'needs'?"),
            Diagnostic(.warning, at: Self.at(9), "kubeconfig does not exist yet"),
        ]
        let text = GitHubAnnotations.render(ReportedProblem.diagnostics(diagnostics), paths: AnnotationPaths(root: nil, currentDirectory: "/repo"))
        #expect(text == "::error file=plans/shop.yaml,line=5,col=9,title=plan error::unknown key 'nedds'%0Ahint: did you mean 'needs'?\n"
            + "::warning file=plans/shop.yaml,line=9,col=9,title=plan warning::kubeconfig does not exist yet\n")
    }

    @Test("GitLab code quality: the failed step at its path and line, with a fingerprint stable across runs")
    func codeQuality() throws {
        let paths = AnnotationPaths(root: "/repo", currentDirectory: "/repo")
        let first = CodeQualityReport.render(ReportedProblem.failedSteps(of: Self.timeline()), paths: paths)
        var again = Self.timeline()
        again.steps[2].record.message = "exited with status 4 in run 20261207"
        let second = CodeQualityReport.render(ReportedProblem.failedSteps(of: again), paths: paths)
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [[String: Any]])
        #expect(issues.count == 1)
        let issue = issues[0]
        #expect(issue["severity"] as? String == "critical")
        #expect(issue["check_name"] as? String == "bosun.step.failed")
        #expect((issue["location"] as? [String: Any])?["path"] as? String == "plans/shop.yaml")
        #expect(((issue["location"] as? [String: Any])?["lines"] as? [String: Any])?["begin"] as? Int == 13)
        let fingerprint = try #require(issue["fingerprint"] as? String)
        let secondIssues = try #require(try JSONSerialization.jsonObject(with: Data(second.utf8)) as? [[String: Any]])
        #expect(secondIssues.first?["fingerprint"] as? String == fingerprint, "the same step failing again is the same issue")
        let none = try JSONSerialization.jsonObject(with: Data(CodeQualityReport.render([], paths: paths).utf8)) as? [Any]
        #expect(none?.isEmpty == true, "a run without failures is an empty report, which GitLab reads as no issues")
    }

    @Test("XML text: special characters escaped, terminal escapes and controls dropped, non-characters made visible")
    func xmlText() {
        #expect(XMLText.content("a < b && \"c\"") == "a &lt; b &amp;&amp; \"c\"")
        #expect(XMLText.attribute("say \"hi\"\nnow\t") == "say &quot;hi&quot;&#10;now&#9;")
        #expect(XMLText.content("bell\u{07} nul\u{0} \u{FFFE}") == "bell nul \\u{FFFE}", "controls dropped, non-characters made visible")
        #expect(XMLText.content("\u{1B}[1;31mred\u{1B}[0m \u{1B}]0;title\u{07}done") == "red done")
    }
}
