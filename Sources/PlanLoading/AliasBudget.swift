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

    /// `*name` tokens outside quotes and comments.
    static func aliases(in text: String) -> Int {
        var count = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var quote: Character?
            var previous: Character = " "
            var index = line.startIndex
            while index < line.endIndex {
                let character = line[index]
                if let open = quote {
                    if character == open { quote = nil }
                } else if character == "\"" || character == "'" {
                    quote = character
                } else if character == "#" && (previous == " " || previous == "\t") {
                    break
                } else if character == "*", " \t[{,:-?".contains(previous) || index == line.startIndex {
                    let next = line.index(after: index)
                    if next < line.endIndex, !" \t,[]{}".contains(line[next]) { count += 1 }
                }
                previous = character
                index = line.index(after: index)
            }
        }
        return count
    }
}
