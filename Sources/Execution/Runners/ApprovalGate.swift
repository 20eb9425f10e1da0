/// Decides `approve:` steps. Given to ``SubprocessRunner`` so that how approval is obtained
/// (`--yes`, a terminal prompt, or refusal when nobody can answer) is chosen by the CLI.
package protocol ApprovalGate: Sendable {
    /// True to go ahead. Must return promptly (false) when the calling task is cancelled.
    func approve(prompt: String, stepID: String) async -> Bool
    /// The failure message of a step this gate did not approve.
    var denialMessage: String { get }
    /// Decides the step, able to tell the run's output what it waits for (by default: the
    /// answer of ``approve(prompt:stepID:)``).
    func decide(prompt: String, context: CommandContext) async -> ApprovalVerdict
}

/// How an `approve:` step was answered: go ahead, or fail with the message.
package enum ApprovalVerdict: Sendable, Equatable {
    case approved(String)
    case denied(String)
}

extension ApprovalGate {
    package var denialMessage: String { "not approved" }

    package func decide(prompt: String, context: CommandContext) async -> ApprovalVerdict {
        await approve(prompt: prompt, stepID: context.stepID) ? .approved("approved") : .denied(denialMessage)
    }
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
