import BosunBasics

/// Asks another gate with the prompt's secrets masked. A prompt is written in the plan and may
/// use a secret variable (`approve: "deploy with ${token}?"`); the person asked on the terminal
/// must see it masked like every other line Bosun prints.
package struct RedactingApproval: ApprovalGate {
    private let inner: any ApprovalGate
    private let redactor: Redactor

    package init(_ inner: any ApprovalGate, redactor: Redactor) {
        self.inner = inner
        self.redactor = redactor
    }

    package func approve(prompt: String, stepID: String) async -> Bool {
        await inner.approve(prompt: redactor.redact(prompt), stepID: stepID)
    }

    package var denialMessage: String { inner.denialMessage }

    package func decide(prompt: String, context: CommandContext) async -> ApprovalVerdict {
        await inner.decide(prompt: redactor.redact(prompt), context: context)
    }
}
