import Foundation

/// The reports a finished run can be rendered as, from its journal: by `bosun show RUN --format`
/// and, when a run ends, by `bosun apply --report FORMAT=FILE`.
package enum RunReportFormat: String, Sendable, CaseIterable {
    /// JUnit XML: one suite per phase, one case per step.
    case junit
    /// GitLab code-quality JSON: the failed steps at their lines in the plan.
    case gitlab
    /// GitHub Actions workflow commands: the failed steps as annotations.
    case github
    /// A self-contained HTML page: the DAG, the timeline and every step's log.
    case html

    package func render(_ timeline: RunTimeline, paths: AnnotationPaths = .fromEnvironment(), hostname: String? = nil) -> String {
        switch self {
        case .junit: JUnitReport.render(timeline, hostname: hostname)
        case .gitlab: CodeQualityReport.render(ReportedProblem.failedSteps(of: timeline), paths: paths)
        case .github: GitHubAnnotations.render(ReportedProblem.failedSteps(of: timeline), paths: paths)
        case .html: HTMLRunReport.render(timeline)
        }
    }
}
