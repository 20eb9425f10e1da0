import BosunBasics
import Foundation

/// The Namespace object a namespace step applies, as compact JSON (kubectl accepts JSON or YAML).
enum NamespaceManifest {
    static func json(name: String, labels: [String: String]) -> String {
        var metadata: [String: Any] = ["name": name]
        if !labels.isEmpty { metadata["labels"] = labels }
        let object: [String: Any] = ["apiVersion": "v1", "kind": "Namespace", "metadata": metadata]
        return JSONText.of(object)
    }
}

/// kubectl's `--timeout` wants a Go duration; whole seconds are exact and readable.
enum KubectlDuration {
    static func format(_ seconds: Double) -> String {
        seconds < 1 ? "\(Int((seconds * 1000).rounded()))ms" : "\(Int(seconds.rounded()))s"
    }
}
