/// Cuts a child's byte stream into lines: splits on LF, drops the CR of CRLF, and cuts very long
/// lines (a minified JSON blob) into pieces rather than failing the step over its output.
///
/// A piece of a cut line says so (``Line/continues``): whoever masks secrets in the output
/// (``RedactingObserver``) must see a secret straddling the cut whole. A cut never falls inside
/// a multi-byte character, so each piece is valid UTF-8 on its own.
struct LineSplitter {
    static let maxLineBytes = 16 * 1024

    struct Line: Equatable {
        var text: String
        /// The line was cut here and goes on in the next piece.
        var continues = false
    }

    private var pending: [UInt8] = []

    /// The lines completed by `bytes`; a partial last line waits for more.
    mutating func append(_ bytes: some Sequence<UInt8>) -> [Line] {
        var lines: [Line] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lines.append(take())
            } else {
                pending.append(byte)
                if pending.count >= Self.maxLineBytes { lines.append(cut()) }
            }
        }
        return lines
    }

    /// The unterminated last line, if the stream did not end with a newline.
    mutating func finish() -> Line? {
        pending.isEmpty ? nil : take()
    }

    private mutating func take() -> Line {
        if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
        defer { pending.removeAll(keepingCapacity: true) }
        return Line(text: String(decoding: pending, as: UTF8.self))
    }

    /// A piece of a long line, ending before a character whose bytes have not all come yet.
    private mutating func cut() -> Line {
        let end = Self.endOfWholeCharacters(pending)
        defer { pending.removeSubrange(..<end) }
        return Line(text: String(decoding: pending[..<end], as: UTF8.self), continues: true)
    }

    /// Where the last, possibly incomplete, UTF-8 sequence of `bytes` starts when it is
    /// incomplete; `bytes.count` otherwise (and for bytes that are not UTF-8 at all).
    static func endOfWholeCharacters(_ bytes: [UInt8]) -> Int {
        var start = bytes.count - 1
        while start > 0, bytes.count - start < 4, bytes[start] & 0xC0 == 0x80 { start -= 1 }
        let lead = bytes[start]
        let length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
        return bytes.count - start < length ? start : bytes.count
    }
}
