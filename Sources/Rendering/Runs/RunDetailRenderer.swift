import BosunBasics
import Execution
import Foundation

/// `bosun show RUN`: where and how a run was started, then its summary table.
package enum RunDetailRenderer {
    package static func render(metadata: RunMetadata, records: [StepRecord], style: TerminalStyle) -> String {
        var lines = [
            style.bold("Run \(metadata.runID)"),
            "plan        \(metadata.planName) (\(metadata.planFile))",
            "environment \(metadata.environment)",
            "command     \(metadata.invocation.joined(separator: " "))",
            "started     \(ISODate.text(metadata.startedAt))",
            "exit status \(metadata.exitCode.map(String.init) ?? "-")",
        ]
        if let source = metadata.source { lines.append(SourceText.describe(source, style: style)) }
        if let resumed = metadata.resumedFrom { lines.append("resumes     run \(resumed)") }
        if let restores = metadata.restores { lines.append("restores    the release of run \(restores)") }
        if let release = metadata.release {
            lines.append("variables   " + ReleaseText.variables(release))
            if !release.deployedText.isEmpty { lines.append("deployed    " + release.deployedText) }
        }
        if metadata.outcome == .running {
            lines.append(style.warning("no end recorded: the run is still going, or its process was killed"))
        }
        lines.append("")
        let table = RunSummaryRenderer.render(
            runID: metadata.runID, outcome: metadata.outcome, duration: metadata.duration, records: records,
            deployments: metadata.release?.deployments ?? [], journal: nil, style: style)
        return lines.joined(separator: "\n") + "\n" + table
    }
}
