/// A unified diff with three lines of context, cut from the whole-object diff kubectl printed
/// (its lines are already aligned: no diff algorithm runs here).
enum CompactDiff {
    static let context = 3

    /// One line of a hunk: ` ` context, `-` live only, `+` applied only.
    struct Line: Sendable {
        var marker: Character
        var text: String
    }

    static func make(_ lines: [Line]) -> String {
        // 1-based numbers of each line in the live and the applied text.
        var numbers: [(old: Int, new: Int)] = []
        var (old, new) = (1, 1)
        for line in lines {
            numbers.append((old, new))
            if line.marker != "+" { old += 1 }
            if line.marker != "-" { new += 1 }
        }
        var ranges: [ClosedRange<Int>] = []
        for index in lines.indices where lines[index].marker != " " {
            let range = max(0, index - context)...min(lines.count - 1, index + context)
            // Changes whose context touches share a hunk, as diff -u prints them.
            if let last = ranges.last, range.lowerBound <= last.upperBound + 1 {
                ranges[ranges.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                ranges.append(range)
            }
        }
        var text: [String] = []
        for range in ranges {
            let shown = lines[range]
            let oldCount = shown.filter { $0.marker != "+" }.count
            let newCount = shown.filter { $0.marker != "-" }.count
            let start = numbers[range.lowerBound]
            // An empty side starts at the line before (diff's `-0,0` for a created object).
            text.append("@@ -\(oldCount == 0 ? start.old - 1 : start.old),\(oldCount) +\(newCount == 0 ? start.new - 1 : start.new),\(newCount) @@")
            text += shown.map { String($0.marker) + $0.text }
        }
        return text.joined(separator: "\n")
    }
}
