/// Text made safe for an XML document (JUnit reports): terminal escapes and control characters
/// removed (``TerminalEscapes``), the special characters escaped, and what else XML 1.0 forbids
/// (U+FFFE, U+FFFF) written as `\u{…}`, since a parser rejects the whole file for one.
package enum XMLText {
    /// For element content.
    package static func content(_ text: String) -> String { escape(text, quotes: false) }

    /// For an attribute value in double quotes; line breaks kept as character references.
    package static func attribute(_ text: String) -> String { escape(text, quotes: true) }

    private static func escape(_ text: String, quotes: Bool) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in TerminalEscapes.strip(text).unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where quotes: result += "&quot;"
            case "\n" where quotes: result += "&#10;"
            case "\t" where quotes: result += "&#9;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            default:
                if isAllowed(scalar) {
                    result.unicodeScalars.append(scalar)
                } else {
                    result += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                }
            }
        }
        return result
    }

    /// XML 1.0's Char production, less the discouraged non-characters U+FFFE and U+FFFF.
    private static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
        default: false
        }
    }
}
