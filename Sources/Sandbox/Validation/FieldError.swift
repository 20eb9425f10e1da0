import Foundation

/// One field that validation refuses, spelled as Kubernetes' `field.Invalid` prints it:
/// `spec.replicas: Invalid value: -1: must be greater than or equal to 0`.
struct FieldError: Equatable, Sendable, CustomStringConvertible {
    let field: String
    let value: JSON
    let detail: String

    /// The message of this error's `cause` in the Status details (the field is given apart).
    var causeMessage: String { "Invalid value: \(Self.spelling(of: value)): \(detail)" }

    var description: String { "\(field): \(causeMessage)" }

    /// How the refused value is shown: numbers as the client most likely wrote them (2^63 as
    /// 9223372036854775808, not 9.2233720368547758e+18), strings quoted.
    static func spelling(of value: JSON) -> String {
        switch value {
        case .int(let number): return String(number)
        case .double(let number) where number.isFinite && number == number.rounded() && abs(number) < 1e21:
            return String(format: "%.0f", number)
        case .double(let number): return String(number)
        default: return value.encodedString
        }
    }
}

/// A path to a field as validation messages name it: `spec.template.spec.containers[0].ports[1].containerPort`.
struct FieldPath {
    let text: String

    init(_ text: String) { self.text = text }

    func child(_ name: String) -> FieldPath { FieldPath(text.isEmpty ? name : "\(text).\(name)") }

    func index(_ index: Int) -> FieldPath { FieldPath("\(text)[\(index)]") }
}
