/// What a terminal was sent, as text for a file or a page: what a step prints for a terminal
/// (colours, cursor moves, titles, progress rewriting its line) means nothing in a report, and a
/// control character makes an XML parser reject the whole file.
package enum TerminalEscapes {
    /// `text` without ANSI/VT escape sequences (CSI `ESC [ … final`, OSC `ESC ] … BEL|ESC \`, and
    /// two-character `ESC x`) and without control characters other than newline and tab; a
    /// carriage return ends a line (progress output rewrites a line with it).
    package static func strip(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isRemoved) else { return text }
        var result = String.UnicodeScalarView()
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            switch scalar {
            case "\u{1B}": skipEscapeSequence(&scalars)
            case "\u{9B}": skipControlSequence(&scalars)
            case "\r":
                if scalars.first == "\n" { continue }
                result.append("\n")
            case _ where isRemoved(scalar): continue
            default: result.append(scalar)
            }
        }
        return String(result)
    }

    private static func isRemoved(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: false
        case 0..<0x20, 0x7F, 0x80...0x9F: true
        default: false
        }
    }

    /// Past what follows an ESC that was just read.
    private static func skipEscapeSequence(_ scalars: inout ArraySlice<Unicode.Scalar>) {
        guard let next = scalars.popFirst() else { return }
        switch next {
        case "[": skipControlSequence(&scalars)
        case "]", "P", "X", "^", "_":
            // A string sequence: up to BEL or ST (ESC \).
            while let scalar = scalars.popFirst() {
                if scalar == "\u{07}" { return }
                if scalar == "\u{1B}" { if scalars.first == "\\" { scalars.removeFirst() }; return }
            }
        case "(", ")", "*", "+", "#", "%":
            // Character-set and line-size selections take one more character.
            _ = scalars.popFirst()
        default:
            return
        }
    }

    /// Past a CSI sequence's parameter and intermediate bytes and its final byte (`@`…`~`).
    private static func skipControlSequence(_ scalars: inout ArraySlice<Unicode.Scalar>) {
        while let scalar = scalars.popFirst() {
            if (0x40...0x7E).contains(scalar.value) { return }
            // Anything that cannot be part of a sequence ends it without being swallowed twice.
            if !(0x20...0x3F).contains(scalar.value) { return }
        }
    }
}
