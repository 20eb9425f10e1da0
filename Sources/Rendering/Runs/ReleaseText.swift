import Execution

/// The release record for people: what each deployment ran before the run and after it, and
/// loudly, what a run that did not succeed may have left half-changed.
enum ReleaseText {
    static func table(_ deployments: [DeploymentRelease], style: TerminalStyle) -> [String] {
        var table = TextTable(header: ["DEPLOYMENT", "BEFORE", "AFTER", "SEEN"])
        for release in deployments {
            let seen = release.failed.map { "failed: \($0.text)" }.map { [$0] } ?? []
            let healthy = release.after.map { $0.healthy ? "healthy" : "not rolled out" } ?? "not looked at after"
            table.rows.append([
                TextTable.Cell(text: release.deployment.key, paint: style.stepID),
                TextTable.Cell(text: release.before?.text ?? "-"),
                TextTable.Cell(text: release.after?.text ?? "?"),
                TextTable.Cell(text: ([healthy] + seen).joined(separator: "; ")),
            ])
        }
        return table.render(headerPaint: style.bold)
    }

    /// Deployments a step changed and stopped on before Bosun looked at them again.
    static func halfDone(_ deployments: [DeploymentRelease], outcome: RunStatus, style: TerminalStyle) -> [String] {
        guard outcome != .succeeded else { return [] }
        return deployments.filter(\.unconfirmed).map { release in
            style.failure("!! \(release.deployment.description) was at \(release.before?.text ?? "-") before step "
                + "\(release.steps.last ?? "?"), which stopped after changing it: it may be half-changed; "
                + "`bosun rollback PLAN --env ENV --service \(release.deployment.name)` returns it to a revision Bosun saw healthy")
        }
    }

    /// `version=v1.2.0, domain=…`: a release's variables on one line (built-ins left out).
    static func variables(_ release: ReleaseRecord) -> String {
        release.variables.keys.sorted().filter { !["plan", "environment"].contains($0) }
            .map { "\($0)=\(release.variables[$0]!)" }.joined(separator: " ")
    }
}
