/// Decides `approve:` steps. Given to ``SubprocessRunner`` so that how approval is obtained
/// (`--yes`, a terminal prompt, or refusal when nobody can answer) is chosen by the CLI.
public protocol ApprovalGate: Sendable {
    /// True to go ahead. Must return promptly (false) when the calling task is cancelled.
    func approve(prompt: String, stepID: String) async -> Bool
    /// The failure message of a step this gate did not approve.
    var denialMessage: String { get }
}

extension ApprovalGate {
    public var denialMessage: String { "not approved" }
}

/// Approves everything without asking: what `--yes` means.
public struct AutoApprove: ApprovalGate {
    public init() {}

    public func approve(prompt: String, stepID: String) async -> Bool { true }
}

/// Refuses every approval, for runs without a terminal to ask on (CI without `--yes`).
public struct DenyNonInteractive: ApprovalGate {
    public init() {}

    public func approve(prompt: String, stepID: String) async -> Bool { false }

    public var denialMessage: String { "approval required: re-run with --yes or from a terminal" }
}
