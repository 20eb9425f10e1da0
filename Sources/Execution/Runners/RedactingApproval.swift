import BosunBasics

/// Asks another gate with the prompt's secrets masked. A prompt is written in the plan and may
/// use a secret variable (`approve: "deploy with ${token}?"`); the person asked on the terminal
/// must see it masked like every other line Bosun prints.
public struct RedactingApproval: ApprovalGate {
    private let inner: any ApprovalGate
    private let redactor: Redactor

    public init(_ inner: any ApprovalGate, redactor: Redactor) {
        self.inner = inner
        self.redactor = redactor
    }

    public func approve(prompt: String, stepID: String) async -> Bool {
        await inner.approve(prompt: redactor.redact(prompt), stepID: stepID)
    }

    public var denialMessage: String { inner.denialMessage }
}
