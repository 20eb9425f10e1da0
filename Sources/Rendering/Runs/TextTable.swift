/// Left-aligned columns for terminal tables. Cells are padded before they are coloured, so
/// escape codes never break the alignment.
struct TextTable {
    struct Cell {
        var text: String
        var paint: (String) -> String = { $0 }
    }

    var header: [String]
    var rows: [[Cell]] = []

    func render(headerPaint: (String) -> String) -> [String] {
        var widths = header.map(\.count)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.text.count) }
        }
        func line(_ cells: [Cell]) -> String {
            cells.enumerated().map { column, cell in
                let isLast = column == cells.count - 1
                let padded = isLast ? cell.text : cell.text.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                return cell.paint(padded)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        return [headerPaint(line(header.map { Cell(text: $0) }))] + rows.map(line)
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}
