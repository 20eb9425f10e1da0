/// A line of step output made fit for one row of a terminal: escape sequences and control
/// characters removed (a step's colours or carriage returns must not move the cursor inside the
/// live area), and cut to a number of columns, wide (East Asian, emoji) characters counted twice.
package enum TerminalLine {
    /// `text` without escape sequences and controls; tabs become a space.
    package static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }) else { return text }
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x1B:
                skipEscape(&scalars)
            case 0x09:
                result.append(" ")
            case 0..<0x20, 0x7F...0x9F:
                continue
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// Skips the rest of an escape sequence: CSI (`ESC [ … final`), OSC (`ESC ] … BEL or ST`), or one character.
    private static func skipEscape(_ scalars: inout String.UnicodeScalarView.Iterator) {
        guard let kind = scalars.next() else { return }
        switch kind {
        case "[":
            while let next = scalars.next(), !(0x40...0x7E).contains(next.value) {}
        case "]":
            var previousWasEscape = false
            while let next = scalars.next() {
                if next.value == 0x07 || (previousWasEscape && next == "\\") { break }
                previousWasEscape = next.value == 0x1B
            }
        default:
            break
        }
    }

    /// Columns `text` takes on a terminal.
    package static func columns(_ text: String) -> Int {
        text.reduce(0) { $0 + columns(of: $1) }
    }

    /// `text` cut to at most `width` columns, ending in `…` when it was cut.
    package static func fitted(_ text: String, width: Int) -> String {
        guard width > 0 else { return "" }
        guard columns(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text {
            let size = columns(of: character)
            if used + size > width - 1 { break }
            result.append(character)
            used += size
        }
        return result + "…"
    }

    private static func columns(of character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        return isWide(scalar.value) ? 2 : 1
    }

    private static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD:
            true
        default:
            false
        }
    }
}
