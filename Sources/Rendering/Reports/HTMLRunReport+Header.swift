import BosunBasics
import Execution
import Foundation

/// The top of the report: what ran where, how it ended, from which commit, the step counts, and
/// the variables (as masked as the journal keeps them).
extension HTMLRunReport {
    static func header(_ timeline: RunTimeline) -> String {
        let metadata = timeline.metadata
        let e = HTMLText.escape
        let outcome = "<span class=\"badge big t-\(HTMLStepStates.tone(metadata.outcome))\" data-outcome=\"\(metadata.outcome.rawValue)\">"
            + HTMLStepStates.label(metadata.outcome) + "</span>"
        var html = """
            <header class="run">
            <div class="title-line"><h1>\(e(metadata.planName)) <span class="muted">on</span> \(e(metadata.environment))</h1>\(outcome)</div>
            <dl class="facts">\n
            """
        for (name, value) in facts(timeline) { html += "<dt>\(name)</dt><dd>\(value)</dd>\n" }
        html += "</dl>\n" + counts(timeline) + "</header>\n" + variables(timeline)
        return html
    }

    /// Name and value (already HTML) of each line of the header.
    private static func facts(_ timeline: RunTimeline) -> [(String, String)] {
        let metadata = timeline.metadata
        let e = HTMLText.escape
        var facts = [
            ("run", "<code>\(e(metadata.runID))</code>"),
            ("plan", "\(e(metadata.planName)) <span class=\"muted\">(<code>\(e(metadata.planFile))</code>)</span>"),
            ("exit status", metadata.exitCode.map { "<code>\($0)</code>" } ?? "<span class=\"muted\">none recorded</span>"),
            ("started", "<code>\(ISODate.text(metadata.startedAt))</code>"),
            ("finished", metadata.finishedAt.map { "<code>\(ISODate.text($0))</code>" }
                ?? "<span class=\"muted\">no end recorded: still going, or its process was killed</span>"),
            ("duration", StepDuration.text(metadata.duration)),
        ]
        if let source = metadata.source { facts.append(("source", sourceHTML(source))) }
        if !metadata.invocation.isEmpty { facts.append(("command", "<code>\(e(metadata.invocation.joined(separator: " ")))</code>")) }
        if let resumed = metadata.resumedFrom { facts.append(("resumes", "run <code>\(e(resumed))</code>")) }
        if let restores = metadata.restores { facts.append(("restores", "the release of run <code>\(e(restores))</code>")) }
        if let service = metadata.service { facts.append(("rolls back", "deployment <code>\(e(service))</code>")) }
        if let release = metadata.release, !release.deployedText.isEmpty {
            facts.append(("deployed", "<code>\(e(release.deployedText))</code>"))
        }
        if !timeline.criticalPath.isEmpty {
            let path = timeline.criticalPath.map { "<code>\(e($0))</code>" }.joined(separator: " → ")
            facts.append(("critical path", "<span class=\"crit-path\">\(path)</span>"))
        }
        return facts
    }

    private static func sourceHTML(_ source: RunSource) -> String {
        let e = HTMLText.escape
        guard let commit = source.commit else { return "working tree <span class=\"muted\">(not in a git repository)</span>" }
        let short = "<code title=\"\(e(commit))\">\(e(String(commit.prefix(12))))</code>"
        if !source.workingTree {
            let revision = source.requestedRevision.map { $0 == commit ? "" : "<code>\(e($0))</code> = " } ?? ""
            let local = source.localFiles.map { "; read from the working tree (not in the revision): " + e($0.joined(separator: ", ")) } ?? ""
            return revision + short + (source.pinned ? " (the environment's pin)" : "") + local
        }
        guard source.isDirty else { return "working tree at " + short + " (clean)" }
        return "working tree at " + short + " <span class=\"badge t-warn\" data-dirty=\"true\">+ local changes</span> "
            + "<span class=\"muted\">\(e(source.modifiedFiles.joined(separator: ", ")))</span>"
    }

    /// One badge per state that some step ended in, in the order states are declared.
    private static func counts(_ timeline: RunTimeline) -> String {
        var byState: [StepState: Int] = [:]
        for step in timeline.steps { byState[step.record.state, default: 0] += 1 }
        let badges = StepState.allCases.compactMap { state in
            byState[state].map { "<span class=\"badge t-\(HTMLStepStates.tone(state))\" data-count=\"\(state.rawValue)\">\($0) \(HTMLStepStates.label(state))</span>" }
        }
        return "<div class=\"counts\"><span class=\"badge t-idle\" data-count=\"total\">\(timeline.steps.count) steps</span>"
            + badges.joined() + "</div>\n"
    }

    private static func variables(_ timeline: RunTimeline) -> String {
        let e = HTMLText.escape
        var html = "<section id=\"variables\">\n<h2>Variables</h2>\n"
        guard !timeline.variables.isEmpty else { return html + "<p class=\"note\">The plan has no variables.</p>\n</section>\n" }
        html += "<table class=\"vars\"><thead><tr><th>name</th><th>value</th></tr></thead><tbody>\n"
        for name in timeline.variables.keys.sorted() {
            html += "<tr><td><code>\(e(name))</code></td><td><code>\(e(timeline.variables[name] ?? ""))</code></td></tr>\n"
        }
        return html + "</tbody></table>\n<p class=\"note\">Secret values are masked as the journal keeps them.</p>\n</section>\n"
    }
}
