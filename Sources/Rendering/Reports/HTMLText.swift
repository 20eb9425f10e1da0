import BosunBasics

/// Text from a journal made safe to place in an HTML page (or the SVG inside it): terminal escape
/// sequences and control characters removed (a log is what a terminal was sent), then the
/// characters HTML gives a meaning escaped, in element content and quoted attributes alike.
enum HTMLText {
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in TerminalEscapes.strip(text).unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
