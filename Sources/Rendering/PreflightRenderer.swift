import Execution

/// Text for preflight results: the failures alone (for `apply`), or every check (for `doctor`).
package enum PreflightRenderer {
    /// One line per missing or broken tool, each with the steps that need it.
    package static func failures(_ report: PreflightReport) -> String {
        let failures = report.failures
        let noun = failures.count == 1 ? "tool this run needs is" : "tools this run needs are"
        var lines = ["\(failures.count) \(noun) not ready:"]
        lines += failures.map { "  \($0.requirement.program): \(problem($0)) (\(neededBy($0)))" }
        return lines.joined(separator: "\n")
    }

    /// Every tool with ok or failed, its version or its problem.
    package static func checks(_ report: PreflightReport, style: TerminalStyle) -> String {
        let width = report.checks.map(\.requirement.program.count).max() ?? 0
        return report.checks.map { check in
            let name = check.requirement.program.padding(toLength: width, withPad: " ", startingAt: 0)
            if check.isOK {
                return "  " + style.success("ok    ") + "  \(name)  " + style.dim(check.version ?? check.path ?? "")
            }
            return "  " + style.failure("failed") + "  \(name)  \(problem(check)) (\(neededBy(check)))"
        }.joined(separator: "\n")
    }

    static func problem(_ check: ToolCheck) -> String {
        switch check.status {
        case .ok: "ok"
        case .missing: check.requirement.program.contains("/") ? "no executable file there" : "not found on PATH"
        case .broken(let reason): reason
        }
    }

    static func neededBy(_ check: ToolCheck) -> String {
        let requirement = check.requirement
        var reasons: [String] = []
        if !requirement.steps.isEmpty { reasons.append("needed by " + shortList(requirement.steps)) }
        if let provider = requirement.provider { reasons.append("a tool of provider \(provider)") }
        return reasons.isEmpty ? "needed by the plan" : reasons.joined(separator: "; ")
    }

    /// A provider tool can be needed by every kubectl step: name a few, count the rest.
    static func shortList(_ steps: [String], limit: Int = 4) -> String {
        guard steps.count > limit + 1 else { return steps.joined(separator: ", ") }
        return steps.prefix(limit).joined(separator: ", ") + " and \(steps.count - limit) more"
    }
}
