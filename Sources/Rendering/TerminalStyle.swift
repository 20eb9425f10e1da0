import Rainbow

/// Colours for terminal output, or none: plain text when not a TTY or when NO_COLOR is set.
package struct TerminalStyle: Sendable {
    package let colored: Bool

    package init(colored: Bool) { self.colored = colored }

    package static let plain = TerminalStyle(colored: false)

    /// Colour only for an interactive terminal that did not opt out (https://no-color.org).
    package static func detect(isTerminal: Bool, environment: [String: String]) -> TerminalStyle {
        TerminalStyle(colored: isTerminal && (environment["NO_COLOR"] ?? "").isEmpty && environment["TERM"] != "dumb")
    }

    package func bold(_ text: String) -> String { colored ? text.bold : text }
    package func dim(_ text: String) -> String { colored ? text.dim : text }
    package func stepID(_ text: String) -> String { colored ? text.cyan : text }
    package func success(_ text: String) -> String { colored ? text.green : text }
    package func warning(_ text: String) -> String { colored ? text.yellow : text }
    package func failure(_ text: String) -> String { colored ? text.red.bold : text }
}
