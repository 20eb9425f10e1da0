/// Text shown the way it really is: invisible and direction-changing characters (zero-width
/// spaces, bidi overrides, controls) written as `\u{…}`, so a key that looks right but is not
/// can be seen for what it is.
package enum VisibleText {
    package static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isHidden) else { return text }
        return text.unicodeScalars.map { isHidden($0) ? "\\u{\(String($0.value, radix: 16, uppercase: true))}" : String($0) }.joined()
    }

    /// Controls, format characters (zero-width, bidi controls) and other invisible scalars.
    package static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        // Plans are mostly ASCII, where only the controls are hidden; no category lookup for them.
        if scalar.isASCII { return scalar.value < 0x20 || scalar.value == 0x7F }
        return switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .privateUse, .unassigned, .surrogate: true
        default: false
        }
    }

    package static func hasHidden(_ text: String) -> Bool { text.unicodeScalars.contains(where: isHidden) }
}
