import BosunBasics

extension Redactor {
    /// The report with every secret masked, for `apply` and `doctor` to print: a program named by
    /// a path with a secret in it (`./tools-${token}/deploy`) shows in its name, in the path found
    /// and in a failed version command. The preflight itself checks the real program.
    package func redact(_ report: PreflightReport) -> PreflightReport {
        guard !isEmpty else { return report }
        var report = report
        report.checks = report.checks.map { check in
            var check = check
            check.requirement.program = redact(check.requirement.program)
            check.requirement.versionArgv = check.requirement.versionArgv?.map(redact)
            check.path = check.path.map(redact)
            check.version = check.version.map(redact)
            if case .broken(let reason) = check.status { check.status = .broken(redact(reason)) }
            return check
        }
        return report
    }
}
