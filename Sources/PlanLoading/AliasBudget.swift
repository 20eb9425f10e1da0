import BosunBasics

/// Refuses YAML with more aliases than a plan or manifest needs. Aliases nest, so a few dozen
/// expand to millions of nodes (a "billion laughs" file): Yams composes them by sharing, but
/// checking mapping keys for duplicates hashes an alias used as a key node by node, and libFuzzer
/// found a 500-byte plan that took minutes that way. With at most 32 aliases the largest
/// expansion is about 3^(32/3) ≈ 10^5 nodes.
enum AliasBudget {
    static let limit = 32

    static func check(_ text: String, file: String) throws(DiagnosticError) {
        let count = aliases(in: text)
        guard count > limit else { return }
        throw DiagnosticError(.error(
            "the file uses \(count) YAML aliases (*name); at most \(limit) are allowed", at: .file(file),
            hint: "aliases that refer to aliases expand exponentially; write the values out, or use fewer anchors"))
    }

    /// `*name` tokens outside quotes and comments, counted over UTF-8 bytes (every syntax
    /// character here is ASCII; most plans have no `*` at all and cost one scan).
    static func aliases(in text: String) -> Int {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.contains(UInt8(ascii: "*")) else { return 0 }
            var count = 0
            var quote: UInt8?
            var inComment = false
            var previous = UInt8(ascii: "\n")
            for (index, byte) in bytes.enumerated() {
                defer { previous = byte }
                if byte == UInt8(ascii: "\n") {
                    quote = nil
                    inComment = false
                    continue
                }
                if inComment { continue }
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: "#") && (previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t")) {
                    inComment = true
                } else if byte == UInt8(ascii: "*"), tokenStarts.contains(previous), index + 1 < bytes.count,
                          !nameEnds.contains(bytes[index + 1]) {
                    count += 1
                }
            }
            return count
        }
    }

    private static let tokenStarts: Set<UInt8> = Set(" \t\n[{,:-?".utf8)
    private static let nameEnds: Set<UInt8> = Set(" \t\n\r,[]{}".utf8)
}
