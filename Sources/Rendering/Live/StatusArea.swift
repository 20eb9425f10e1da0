/// The lines at the bottom of a terminal that a live view keeps redrawing, as bytes to write:
/// the cursor sits at the start of the line below the area, so the area is erased by moving up
/// over its lines and clearing to the end of the screen, and text printed "above" it is written
/// in its place before the area is drawn again, all in one write.
package struct StatusArea: Sendable {
    /// The lines on screen now (empty: no area shown).
    package private(set) var shown: [String] = []

    package init() {}

    /// Erases the area, writes `above` (whole lines) and draws `lines`; nil when that would change
    /// nothing on screen.
    package mutating func replace(above: String = "", with lines: [String]) -> String? {
        guard !above.isEmpty || lines != shown else { return nil }
        var text = erasing
        text += above
        for line in lines { text += line + (line.contains("\u{1B}") ? Self.reset : "") + "\n" }
        shown = lines
        return text
    }

    /// Erases the area and leaves the cursor where its first line was.
    package mutating func clear() -> String {
        let text = erasing
        shown = []
        return text
    }

    private var erasing: String {
        shown.isEmpty ? "" : "\r" + Self.escape + "[\(shown.count)A" + Self.escape + "[J"
    }

    private static let escape = "\u{1B}"
    /// After each line, so that a colour left open by a cut line does not run into the next.
    private static let reset = "\u{1B}[0m"
}
