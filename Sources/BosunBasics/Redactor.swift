/// Replaces secret values with `***` in anything Bosun prints or writes: logs, the journal,
/// plans shown on screen. Values come from variables marked `secret: true` and from `${env:NAME}`.
public struct Redactor: Sendable {
    public static let mask = "***"
    /// Shorter values would mask unrelated text everywhere (a secret "1" in every duration), so
    /// they are not allowed as secrets (the compiler says so).
    public static let minimumLength = 4

    private let secrets: [String]

    public init(secrets: some Sequence<String>) {
        // Longest first, so that a secret containing another is masked whole.
        self.secrets = Set(secrets.filter { $0.count >= Self.minimumLength }).sorted { $0.count > $1.count }
    }

    public var isEmpty: Bool { secrets.isEmpty }

    public func redact(_ text: String) -> String {
        var text = text
        for secret in secrets where text.contains(secret) {
            text = text.replacingOccurrences(of: secret, with: Self.mask)
        }
        return text
    }
}
