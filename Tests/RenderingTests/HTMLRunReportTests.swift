import BosunBasics
@testable import Execution
import Foundation
import PlanGraph
import PlanModel
@testable import Rendering
import Testing

/// The HTML run report on a hand-built run: two phases, parallel steps, a failure that cancels a
/// sibling and skips what comes after, hostile text in a log and a message.
@Suite struct HTMLRunReportTests {
    static let start = Date(timeIntervalSince1970: 1_796_000_000)

    /// `infra` (net → db, cache beside them) then `apps` (api and web in parallel, smoke after
    /// both); api fails, web is cancelled, smoke never starts.
    static func timeline(logs extraLogs: [String: String] = [:], message: String = "exited with status 4") -> RunTimeline {
        let at = { (line: Int) in SourceLocation(file: "plans/shop.yaml", line: line, column: 9) }
        let barrier = { (id: String, phase: String) in CompiledStep(id: id, kind: .barrier, phase: phase, location: at(1), summary: id) }
        let step = { (id: String, phase: String, line: Int) in
            CompiledStep(id: id, kind: .run, phase: phase, location: at(line), summary: "runs \(id)",
                         commands: [.exec(ExecCommand(["sh", "-c", "echo \(id)"]))])
        }
        let steps = [
            barrier("phase:infra:start", "infra"), step("net", "infra", 5), step("db", "infra", 6), step("cache", "infra", 7),
            barrier("phase:infra:end", "infra"), barrier("phase:apps:start", "apps"), step("api", "apps", 10),
            step("web", "apps", 11), step("smoke", "apps", 12), barrier("phase:apps:end", "apps"),
        ]
        var graph = DependencyGraph(nodeCount: steps.count)
        for (from, to) in [(0, 1), (1, 2), (0, 3), (2, 4), (3, 4), (4, 5), (5, 6), (5, 7), (6, 8), (7, 8), (8, 9)] {
            graph.addEdge(from: from, to: to)
        }
        let plan = CompiledPlan(
            planName: "shop", description: nil, environment: "prod", planFile: "plans/shop.yaml", workingDirectory: "/repo/plans",
            kubeconfig: "<run>/kubeconfig", runDirectory: "<run>", variables: ["greeting": "hello", "token": "***"],
            steps: steps, graph: graph, levels: [0, 1, 2, 1, 3, 4, 5, 5, 6, 7], criticalPath: [1, 2, 6])
        let at0 = { (seconds: Double) in start.addingTimeInterval(seconds) }
        let records = [
            StepRecord(id: "net", kind: .run, state: .succeeded, attempts: 1, exitStatus: 0, startedAt: at0(0.01), finishedAt: at0(1), duration: 0.99),
            StepRecord(id: "cache", kind: .run, state: .succeeded, attempts: 1, exitStatus: 0, startedAt: at0(0.01), finishedAt: at0(0.5), duration: 0.49),
            StepRecord(id: "db", kind: .run, state: .succeeded, attempts: 2, exitStatus: 0, startedAt: at0(1.01), finishedAt: at0(3), duration: 1.99),
            StepRecord(id: "api", kind: .run, state: .failed, attempts: 1, exitStatus: 4, startedAt: at0(3.4), finishedAt: at0(4.2),
                       duration: 0.8, message: message),
            StepRecord(id: "web", kind: .run, state: .cancelled, attempts: 1, startedAt: at0(3.01), finishedAt: at0(4.2), duration: 1.19,
                       message: "stopped: another step failed"),
            StepRecord(id: "smoke", kind: .run, state: .skipped, message: "dependency api failed"),
        ]
        let metadata = RunMetadata(
            runID: "20261206-101500-a1b2", planName: "shop", planFile: "plans/shop.yaml", environment: "prod",
            invocation: ["bosun", "apply", "plans/shop.yaml", "--env", "prod"], startedAt: start, finishedAt: at0(4.5),
            outcome: .failed, exitCode: 1,
            source: RunSource(commit: "0123456789abcdef0123456789abcdef01234567", requestedRevision: nil, pinned: false,
                              workingTree: true, modifiedFiles: ["plans/shop.yaml"], planDigest: "sha256:00"),
            resumedFrom: nil, evictedLockHolder: nil, release: nil, restores: nil, service: nil)
        let logs = ["net": "$ sh -c 'echo net'\nnet\n", "api": "$ sh -c 'echo api'\n\u{1B}[31mboom\u{1B}[0m\n"]
        return RunTimeline(metadata: metadata, records: records, plan: plan, logs: logs.merging(extraLogs) { $0 + $1 })
    }

    /// Every tag `<name` (attributes or not) in the page.
    private func count(_ needle: String, in html: String) -> Int { html.components(separatedBy: needle).count - 1 }

    @Test("every step appears in the graph, the timeline and its section, each with its data-state")
    func everyStep() {
        let html = HTMLRunReport.render(Self.timeline())
        let states = ["net": "succeeded", "db": "succeeded", "cache": "succeeded", "api": "failed", "web": "cancelled", "smoke": "skipped"]
        for (id, state) in states {
            #expect(count("data-step=\"\(id)\" data-state=\"\(state)\"", in: html) == 3, "graph box, timeline row and section of \(id)")
        }
        #expect(!html.contains("data-step=\"phase:"), "barriers are not steps of the report")
        #expect(html.contains("<html lang=\"en\" data-run=\"20261206-101500-a1b2\" data-outcome=\"failed\""))
        #expect(html.contains("data-count=\"failed\">1 failed"))
        #expect(html.contains("data-count=\"succeeded\">3 succeeded"))
        #expect(html.contains("0123456789ab") && html.contains("data-dirty=\"true\""))
        #expect(html.contains("waited on db for 3.0s (the last of its needs to finish), then queued 400ms"))
        #expect(html.contains("<dt>needs</dt><dd>every step of phase <code>infra</code></dd>"))
    }

    @Test("markup in a log or a message is shown as text, and cannot close the report's own elements")
    func escaping() {
        let hostile = "</pre></details><script>alert('owned')</script><img src=x onerror=alert(1)> & \"quotes\""
        let html = HTMLRunReport.render(Self.timeline(logs: ["db": hostile], message: "failed: </details><script>boom()</script>"))
        #expect(!html.contains("<script>alert") && !html.contains("<script>boom") && !html.contains("<img"))
        #expect(html.contains("&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;"))
        #expect(html.contains("&amp; &quot;quotes&quot;"))
        #expect(count("<script>", in: html) == 2, "the report's error recorder and its script, nothing else")
        #expect(count("<details", in: html) == count("</details>", in: html))
        #expect(count("<pre", in: html) == count("</pre>", in: html))
    }

    @Test("terminal escape sequences and control characters are stripped; newlines and tabs stay")
    func terminalOutput() {
        let html = HTMLRunReport.render(Self.timeline(logs: ["db": "\u{1B}]0;title\u{07}col\tumn\u{1B}[1;32mgreen\u{1B}[0m\u{0}\u{8}\r\nprogress 10%\rprogress 100%\n"]))
        #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" })
        #expect(!html.contains("[31m") && !html.contains("[0m") && !html.contains("0;title"))
        #expect(html.contains(">$ sh -c &#39;echo api&#39;\nboom\n</pre>"))
        #expect(html.contains("col\tumngreen\nprogress 10%\nprogress 100%\n"))
        #expect(TerminalEscapes.strip("a\u{1B}[2Kb\u{9B}31mc\u{1B}(Bd\u{7F}e") == "abcde")
    }

    @Test("the page loads nothing from the network: no src or href to a URL, no CSS import, a CSP of 'none'")
    func selfContained() throws {
        let html = HTMLRunReport.render(Self.timeline(logs: ["db": "see https://example.com/x and <a href=\"http://evil\">"]))
        #expect(html.firstMatch(of: ##/(?i)(src|href|action|srcset|poster|data)\s*=\s*["']?\s*(https?:)?///##) == nil)
        #expect(html.firstMatch(of: ##/(?i)@import|url\(\s*["']?(https?:)?///##) == nil)
        #expect(!html.contains("<link") && !html.contains("<img") && !html.contains("<iframe"))
        #expect(html.contains("content=\"default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\""))
        // The one URL allowed is SVG's namespace, which names and loads nothing.
        let urls = html.matches(of: #/https?://[^"'\s<&]+/#).map { String($0.output) }
        #expect(Set(urls).subtracting(["http://www.w3.org/2000/svg", "https://example.com/x", "http://evil"]).isEmpty)
    }

    @Test("the critical path is marked on its boxes, arrows, bars and sections, and named on top")
    func criticalPath() {
        let timeline = Self.timeline()
        #expect(timeline.criticalPath == ["net", "db", "api"])
        let html = HTMLRunReport.render(timeline)
        for id in ["net", "db", "api"] {
            #expect(html.contains("class=\"node t-\(id == "api" ? "bad" : "ok") crit\" data-step=\"\(id)\""))
            #expect(html.contains("class=\"grow t-\(id == "api" ? "bad" : "ok") crit\" data-step=\"\(id)\""))
        }
        #expect(html.contains("<g class=\"node t-warn\" data-step=\"web\""), "web is not on it")
        #expect(html.contains("class=\"edge crit\" data-from=\"net\" data-to=\"db\""))
        #expect(html.contains("class=\"edge crit\" data-from=\"db\" data-to=\"api\""))
        #expect(html.contains("class=\"edge\" data-from=\"api\" data-to=\"smoke\""))
        #expect(html.contains("class=\"edge phase-edge\" data-from-phase=\"infra\" data-to-phase=\"apps\""), "apps waits for all of infra")
        #expect(!html.contains("data-from=\"cache\""), "through the phase, not step by step")
        #expect(html.contains("<code>net</code> → <code>db</code> → <code>api</code>"))
        #expect(html.contains("swatch s-crit"), "and the legend says what the colour means")
    }

    @Test("a failed step's log is open, the others' folded; a skipped step has no bar but says why")
    func foldingAndSkipped() throws {
        let html = HTMLRunReport.render(Self.timeline())
        let api = try #require(html.firstRange(of: "data-step=\"api\" data-state=\"failed\">\n"))
        #expect(html[api.upperBound...].prefix(2000).contains("<details class=\"log\" open>"))
        let net = try #require(html.firstRange(of: "id=\"step-0\" data-step=\"net\""))
        #expect(html[net.upperBound...].prefix(2000).contains("<details class=\"log\"><summary>log (2 lines)</summary>"))
        #expect(html.contains("<span class=\"none end\" style=\"right: 6.667%\">skipped: dependency api failed</span>"), "where api ended")
        #expect(html.contains("never ready: a step it needs did not succeed"))
    }

    @Test("a run whose process was killed: no end, outcome running, a running step's bar to the last moment known")
    func killedRun() throws {
        var timeline = Self.timeline()
        timeline.metadata.finishedAt = nil
        timeline.metadata.outcome = .running
        timeline.metadata.exitCode = nil
        let web = try #require(timeline.steps.firstIndex { $0.id == "web" })
        timeline.steps[web].record.state = .running
        timeline.steps[web].record.finishedAt = nil
        timeline.steps[web].record.duration = nil
        timeline.steps[web].endOffset = nil
        let html = HTMLRunReport.render(timeline)
        #expect(html.contains("data-outcome=\"running\"") && html.contains(">running (or killed)</span>"))
        #expect(html.contains("no end recorded: still going, or its process was killed"))
        #expect(html.contains("running, no end recorded</span>"))
        #expect(html.contains("<span class=\"bar t-live\" style=\"left: 71.667%; width: 28.333%\"></span>"), "from its start to 4.2s, the last end known")
    }

    @Test("the same run gives the same page, byte for byte")
    func deterministic() {
        #expect(HTMLRunReport.render(Self.timeline()) == HTMLRunReport.render(Self.timeline()))
    }

    @Test("beyond 300 steps the graph is left out with a note; the timeline and the list keep every step")
    func largeRun() {
        var timeline = Self.timeline()
        let template = timeline.steps[0]
        timeline.steps = (0..<301).map { index in
            var step = template
            step.id = "step-\(index)"
            step.needs = []
            return step
        }
        timeline.phases = [RunTimeline.Phase(name: "all", steps: Array(0..<301))]
        let html = HTMLRunReport.render(timeline)
        #expect(html.contains("The graph is left out: 301 steps"))
        #expect(!html.contains("<svg"))
        #expect(count("data-step=\"step-300\"", in: html) == 2)
    }
}
