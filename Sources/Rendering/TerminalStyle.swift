import Rainbow

/// Colours for terminal output, or none: plain text when not a TTY or when NO_COLOR is set.
public struct TerminalStyle: Sendable {
    public let colored: Bool

    public init(colored: Bool) { self.colored = colored }

    public static let plain = TerminalStyle(colored: false)

    /// Colour only for an interactive terminal that did not opt out (https://no-color.org).
    public static func detect(isTerminal: Bool, environment: [String: String]) -> TerminalStyle {
        TerminalStyle(colored: isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb")
    }

    public func bold(_ text: String) -> String { colored ? text.bold : text }
    public func dim(_ text: String) -> String { colored ? text.dim : text }
    public func stepID(_ text: String) -> String { colored ? text.cyan : text }
    public func success(_ text: String) -> String { colored ? text.green : text }
    public func warning(_ text: String) -> String { colored ? text.yellow : text }
    public func failure(_ text: String) -> String { colored ? text.red.bold : text }
}
