/// Cuts a child's byte stream into lines: splits on LF, drops the CR of CRLF, and cuts very long
/// lines (a minified JSON blob) into pieces rather than failing the step over its output.
struct LineSplitter {
    static let maxLineBytes = 16 * 1024

    private var pending: [UInt8] = []

    /// The lines completed by `bytes`; a partial last line waits for more.
    mutating func append(_ bytes: some Sequence<UInt8>) -> [String] {
        var lines: [String] = []
        for byte in bytes {
            if byte == UInt8(ascii: "\n") {
                lines.append(take())
            } else {
                pending.append(byte)
                if pending.count >= Self.maxLineBytes { lines.append(take()) }
            }
        }
        return lines
    }

    /// The unterminated last line, if the stream did not end with a newline.
    mutating func finish() -> String? {
        pending.isEmpty ? nil : take()
    }

    private mutating func take() -> String {
        if pending.last == UInt8(ascii: "\r") { pending.removeLast() }
        defer { pending.removeAll(keepingCapacity: true) }
        return String(decoding: pending, as: UTF8.self)
    }
}
