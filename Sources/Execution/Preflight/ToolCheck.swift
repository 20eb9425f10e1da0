import PlanModel

/// What the preflight found out about one tool.
package struct ToolCheck: Sendable {
    package enum Status: Sendable, Equatable {
        case ok
        /// Not on PATH (or, for a path, no executable file there).
        case missing
        /// Found, but its version command failed: a tool that cannot even print its version
        /// will not deploy anything either.
        case broken(String)
    }

    package var requirement: ToolRequirement
    package var status: Status
    /// The executable that was found.
    package var path: String?
    /// The first line its version command printed.
    package var version: String?

    package var isOK: Bool { status == .ok }
}

/// Every tool of a preflight, in the plan's order of programs.
package struct PreflightReport: Sendable {
    package var checks: [ToolCheck]

    package var failures: [ToolCheck] { checks.filter { !$0.isOK } }
    package var passed: Bool { failures.isEmpty }
}
