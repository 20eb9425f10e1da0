import BosunBasics
import Yams

/// `notify: [URL, …]`, plan-wide or one environment's (added to the plan's): webhooks told when a
/// run starts and ends (docs/notifications.md).
extension YAMLFields {
    /// At most this many webhooks per list: each run posts to every one of them.
    static let maximumNotifyURLs = 20

    /// A list of http(s) URLs with a host. One with `${…}` is checked by the compiler once resolved.
    mutating func notifyURLs(_ node: Node, field: String) -> [Located<String>] {
        let hint = "write a list of webhook URLs, e.g. notify: [\"${env:SLACK_WEBHOOK_URL}\", https://ci.example.com/bosun]"
        guard case .sequence(let sequence) = node else {
            diagnostics.error("'\(field)' must be a list of http or https URLs, not \(describe(node))", at: location(of: node), hint: hint)
            return []
        }
        if sequence.count > Self.maximumNotifyURLs {
            diagnostics.error("'\(field)' has \(sequence.count) URLs, more than \(Self.maximumNotifyURLs)", at: location(of: node),
                              hint: "every run posts to each of them; send to one receiver that fans out")
            return []
        }
        return sequence.compactMap { item in
            guard let url = string(item, field: field) else { return nil }
            if url.value.contains("${") { return url }
            if let problem = WebhookURL.problem(url.value) {
                diagnostics.error("'\(field)' takes http or https URLs with a host: \(problem)", at: url.location, hint: hint)
                return nil
            }
            return url
        }
    }
}
