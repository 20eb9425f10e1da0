/// Decides `approve:` steps. Given to ``SubprocessRunner`` so that how approval is obtained
/// (`--yes`, a terminal prompt, or refusal when nobody can answer) is chosen by the CLI.
package protocol ApprovalGate: Sendable {
    /// True to go ahead. Must return promptly (false) when the calling task is cancelled.
    func approve(prompt: String, stepID: String) async -> Bool
    /// The failure message of a step this gate did not approve.
    var denialMessage: String { get }
}

extension ApprovalGate {
    package var denialMessage: String { "not approved" }
}

/// Approves everything without asking: what `--yes` means.
package struct AutoApprove: ApprovalGate {
    package init() {}

    package func approve(prompt: String, stepID: String) async -> Bool { true }
}

/// Refuses every approval, for runs without a terminal to ask on (CI without `--yes`).
package struct DenyNonInteractive: ApprovalGate {
    package init() {}

    package func approve(prompt: String, stepID: String) async -> Bool { false }

    package var denialMessage: String { "approval required: re-run with --yes or from a terminal" }
}
