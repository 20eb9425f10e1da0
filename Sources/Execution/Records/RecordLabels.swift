import Crypto
import Foundation

/// The names and labels of Bosun's objects in `bosun-system`. Label values allow only 63
/// letters, digits, `-`, `_` and `.`: a plan or environment name outside that gets a cleaned
/// value with a digest (unique), and its exact name is kept in an annotation.
package enum RecordLabels {
    package static let managedBy = "app.kubernetes.io/managed-by"
    package static let component = "app.kubernetes.io/component"
    package static let plan = "bosun.dev/plan"
    package static let environment = "bosun.dev/environment"
    package static let outcome = "bosun.dev/outcome"
    package static let run = "bosun.dev/run"
    /// Annotations.
    package static let planName = "bosun.dev/plan-name"
    package static let environmentName = "bosun.dev/environment-name"
    package static let endNote = "bosun.dev/end-note"
    package static let user = "bosun.dev/user"
    package static let host = "bosun.dev/host"
    package static let pid = "bosun.dev/pid"
    /// Approval answers: `approval.bosun.dev/<step key>`.
    package static let approvalPrefix = "approval.bosun.dev/"

    /// The ConfigMap of a run's record.
    package static func recordName(runID: String) -> String {
        "bosun-run-" + dnsLabel(runID, limit: 50)
    }

    /// A label value for `text`: itself when allowed, else a cleaned prefix and a digest.
    package static func value(_ text: String) -> String {
        let allowed = text.count <= 63 && !text.isEmpty && text.allSatisfy(isLabelCharacter)
            && text.first!.isASCIIAlphanumeric && text.last!.isASCIIAlphanumeric
        if allowed { return text }
        let cleaned = String(text.map { isLabelCharacter($0) ? $0 : "-" }.prefix(45))
            .trimmingCharacters(in: CharacterSet.alphanumerics.inverted)
        return (cleaned.isEmpty ? "x" : cleaned) + "-" + digest(text)
    }

    /// The selector of the records of one plan on one environment.
    package static func selector(planName: String, environment: String) -> String {
        "\(managedBy)=bosun,\(component)=run-record,\(plan)=\(value(planName)),\(Self.environment)=\(value(environment))"
    }

    /// The annotation key of the approval of `step` (a key's name part is at most 63 characters).
    package static func approvalKey(step: String) -> String {
        approvalPrefix + dnsLabel(step, limit: 40) + "." + digest(step)
    }

    private static func dnsLabel(_ text: String, limit: Int) -> String {
        let cleaned = String(text.lowercased().map { $0.isASCIIAlphanumeric ? $0 : "-" }.prefix(limit))
        return cleaned.trimmingCharacters(in: CharacterSet(charactersIn: "-")).isEmpty ? "x" : cleaned
    }

    private static func isLabelCharacter(_ character: Character) -> Bool {
        character.isASCIIAlphanumeric || character == "-" || character == "_" || character == "."
    }

    private static func digest(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).prefix(4).map { String(format: "%02x", $0) }.joined()
    }
}

extension Character {
    fileprivate var isASCIIAlphanumeric: Bool { isASCII && (isLetter || isNumber) }
}
