import BosunBasics
import Execution
import Foundation

/// A run as one self-contained HTML page (`bosun show RUN --format html`): no network needed to
/// view it. The run's header and variables, the DAG as inline SVG, a timeline, and each step with
/// its log. Every step's elements carry `data-step` and `data-state`; `<html>` carries `data-run`,
/// `data-outcome`, and, once its script ran, `data-rendered="true"` (`data-errors` counts script
/// errors). The same timeline gives the same page, byte for byte.
package enum HTMLRunReport {
    package static func render(_ timeline: RunTimeline) -> String {
        let metadata = timeline.metadata
        let e = HTMLText.escape
        var page = """
            <!doctype html>
            <html lang="en" data-run="\(e(metadata.runID))" data-outcome="\(metadata.outcome.rawValue)" data-errors="0" data-rendered="false">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(HTMLRunReportAssets.contentSecurityPolicy)">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="bosun">
            <title>\(e(metadata.planName)) on \(e(metadata.environment)): \(HTMLStepStates.label(metadata.outcome)) (run \(e(metadata.runID)))</title>
            <script>\n\(HTMLRunReportAssets.errorScript)\n</script>
            <style>\n\(HTMLRunReportAssets.style)\n</style>
            </head>
            <body>\n
            """
        page += header(timeline)
        page += graph(timeline)
        page += HTMLGantt.render(timeline)
        page += steps(timeline)
        page += """
            <footer>Written by <code>bosun show \(e(metadata.runID)) --format html</code> from the run's journal.</footer>
            <script>\n\(HTMLRunReportAssets.script)\n</script>
            </body>
            </html>\n
            """
        return page
    }

    /// Above this many steps the graph is left out: the timeline and the list still show each.
    static let graphStepLimit = 300

    private static func graph(_ timeline: RunTimeline) -> String {
        var html = "<section id=\"graph\">\n<h2>Graph</h2>\n"
        guard timeline.steps.count <= graphStepLimit else {
            return html + "<p class=\"note\">The graph is left out: \(timeline.steps.count) steps are more than the "
                + "\(graphStepLimit) it stays readable for. The timeline and the steps below show every step.</p>\n</section>\n"
        }
        guard !timeline.steps.isEmpty else { return html + "<p class=\"note\">The plan has no steps.</p>\n</section>\n" }
        html += HTMLDAG.legend
        html += "<div class=\"scroll\">\n" + HTMLDAG.svg(timeline) + "</div>\n</section>\n"
        return html
    }

    private static func steps(_ timeline: RunTimeline) -> String {
        var html = """
            <section id="steps">
            <h2>Steps</h2>
            <div class="tools"><button type="button" id="expand-logs">Open every log</button><button type="button" id="collapse-logs">Fold every log</button></div>\n
            """
        for index in timeline.steps.indices { html += HTMLStepSection.render(timeline, index: index) }
        return html + "</section>\n"
    }
}
