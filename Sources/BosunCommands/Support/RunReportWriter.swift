import Deployment
import Execution
import Foundation
import Rendering

/// After a run: its failed steps as GitHub annotations when running in GitHub Actions, and the
/// reports `--report` asked for, each rendered from the journal the run just finished writing.
/// Neither changes the run's exit status; a report that cannot be written is an error message.
enum RunReportWriter {
    static func finish(_ result: ApplyResult, reports: [ReportRequest], console: Console) {
        if GitHubAnnotations.isActive() {
            let steps = result.plan.steps.filter { !$0.isBarrier }
            let records = Dictionary(result.report.records.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
            let failed = ReportedProblem.failedSteps(steps.compactMap { step in records[step.id].map { (step.id, step.location, $0) } })
            console.output(GitHubAnnotations.render(failed, paths: .fromEnvironment()))
        }
        guard !reports.isEmpty, let journal = result.journal else { return }
        let store = RunStore(stateDir: URL(fileURLWithPath: journal).deletingLastPathComponent().deletingLastPathComponent().path)
        let timeline: RunTimeline
        do {
            timeline = try RunTimeline.load(result.runID, from: store)
        } catch {
            return console.error("no report written: the journal of run \(result.runID) cannot be read: \(error)")
        }
        for report in reports {
            let text = report.format.render(timeline, hostname: ProcessInfo.processInfo.hostName)
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: report.absolutePath), options: .atomic)
                console.progress(console.errorStyle.dim("\(report.format.rawValue) report: \(report.path)"))
            } catch {
                console.error("the \(report.format.rawValue) report could not be written to \(report.path): \(error.localizedDescription)")
            }
        }
    }
}
