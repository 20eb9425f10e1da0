import Foundation

/// A webhook's address (`--notify URL`, a plan's `notify:`): what makes one acceptable, and how it
/// is shown. A webhook URL is often a credential (Slack's carries its token in the path), so
/// Bosun shows only its origin, `scheme://host[:port]`, and never the whole URL.
package enum WebhookURL {
    /// Longer is no webhook (and would be a hostile plan's way to make every run post megabytes).
    package static let maximumLength = 2048

    /// Why `text` is not a webhook URL, or nil when it is an http or https URL with a host. The
    /// reason never quotes the URL.
    package static func problem(_ text: String) -> String? {
        guard text.utf8.count <= maximumLength else { return "it is longer than \(maximumLength) bytes" }
        guard !text.contains(where: { $0.isWhitespace || $0.unicodeScalars.contains { $0.properties.generalCategory == .control } }),
              let components = URLComponents(string: text), let scheme = components.scheme
        else { return "it is not a URL" }
        guard ["http", "https"].contains(scheme.lowercased()) else {
            return "its scheme is '\(VisibleText.escape(scheme))', not http or https"
        }
        guard let host = components.host, !host.isEmpty else { return "it has no host" }
        return nil
    }

    /// `https://hooks.slack.com`: the scheme, the host and the port if given; nothing of the path,
    /// query or user, where tokens live.
    package static func origin(_ text: String) -> String {
        guard let components = URLComponents(string: text), let scheme = components.scheme, let host = components.host else {
            return "(not a URL)"
        }
        let port = components.port.map { ":\($0)" } ?? ""
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(scheme.lowercased())://\(shownHost)\(port)"
    }

    /// A command line with the value of every `--notify` shown as its origin and `/***`, for the
    /// journal and the run's record: the rest of the URL may be a token.
    package static func maskedArguments(_ arguments: [String]) -> [String] {
        var masked = arguments
        for index in masked.indices {
            if masked[index].hasPrefix("--notify=") {
                masked[index] = "--notify=" + origin(String(masked[index].dropFirst("--notify=".count))) + "/***"
            } else if index > 0, arguments[index - 1] == "--notify" {
                masked[index] = origin(masked[index]) + "/***"
            }
        }
        return masked
    }
}
