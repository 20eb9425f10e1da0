/// Text with `${name}` references, split into its literal runs and its references, the one
/// syntax of interpolation in plans and rendered manifests: `$${` is a literal `${`, and a `$`
/// before anything else is itself.
enum Template {
    enum Piece: Equatable {
        case text(Substring)
        /// `${name}`; `offset` counts the characters before its `$` (a manifest's column).
        case reference(name: String, offset: Int)
        /// A `${` without its `}`: everything after it is dropped.
        case unterminated(offset: Int)
    }

    static func pieces(of text: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(text)
        var offset = 0
        while let dollar = rest.firstIndex(of: "$") {
            let before = rest[..<dollar]
            offset += before.count
            let afterDollar = rest[rest.index(after: dollar)...]
            if afterDollar.hasPrefix("${") {
                pieces.append(.text(before))
                pieces.append(.text("${"))
                rest = afterDollar.dropFirst(2)
                offset += 3
            } else if afterDollar.hasPrefix("{") {
                pieces.append(.text(before))
                guard let close = afterDollar.firstIndex(of: "}") else {
                    pieces.append(.unterminated(offset: offset))
                    return pieces
                }
                let name = afterDollar[afterDollar.index(after: afterDollar.startIndex)..<close]
                pieces.append(.reference(name: String(name), offset: offset))
                rest = afterDollar[afterDollar.index(after: close)...]
                offset += name.count + 3
            } else {
                pieces.append(.text(rest[...dollar]))
                rest = afterDollar
                offset += 1
            }
        }
        pieces.append(.text(rest))
        return pieces
    }
}
