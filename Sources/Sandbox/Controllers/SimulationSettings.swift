import Foundation

/// How the simulated cluster behaves: how long pods take to become Ready, which images never do,
/// and the image of the injected Istio sidecar.
package struct SimulationSettings: Sendable {
    package var readyDelay: TimeInterval
    package var badImagePatterns: [String]
    var sidecarImage: String

    package static let defaultBadImagePatterns = ["*:broken*", "*-bad"]

    package init(
        readyDelay: TimeInterval = 1, badImagePatterns: [String] = SimulationSettings.defaultBadImagePatterns,
        sidecarImage: String = "docker.io/istio/proxyv2:1.22.3"
    ) {
        self.readyDelay = readyDelay
        self.badImagePatterns = badImagePatterns
        self.sidecarImage = sidecarImage
    }

    /// Whether a container with this image would fail its readiness probe forever (shell-style
    /// glob: `*` any run of characters, `?` one character).
    package func isBad(image: String) -> Bool {
        badImagePatterns.contains { Glob.matches(pattern: $0, image) }
    }
}

/// Shell-style `*` and `?` matching, without the file-name rules of fnmatch.
enum Glob {
    static func matches(pattern: String, _ text: String) -> Bool {
        matches(Array(pattern), 0, Array(text), 0)
    }

    private static func matches(_ pattern: [Character], _ p: Int, _ text: [Character], _ t: Int) -> Bool {
        if p == pattern.count { return t == text.count }
        switch pattern[p] {
        case "*":
            return (t...text.count).contains { matches(pattern, p + 1, text, $0) }
        case "?":
            return t < text.count && matches(pattern, p + 1, text, t + 1)
        default:
            return t < text.count && text[t] == pattern[p] && matches(pattern, p + 1, text, t + 1)
        }
    }
}
