import PlanModel

/// What the preflight found out about one tool.
public struct ToolCheck: Sendable {
    public enum Status: Sendable, Equatable {
        case ok
        /// Not on PATH (or, for a path, no executable file there).
        case missing
        /// Found, but its version command failed: a tool that cannot even print its version
        /// will not deploy anything either.
        case broken(String)
    }

    public var requirement: ToolRequirement
    public var status: Status
    /// The executable that was found.
    public var path: String?
    /// The first line its version command printed.
    public var version: String?

    public var isOK: Bool { status == .ok }
}

/// Every tool of a preflight, in the plan's order of programs.
public struct PreflightReport: Sendable {
    public var checks: [ToolCheck]

    public var failures: [ToolCheck] { checks.filter { !$0.isOK } }
    public var passed: Bool { failures.isEmpty }
}
