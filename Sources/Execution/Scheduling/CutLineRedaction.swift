import BosunBasics

/// Masks the pieces of output lines the runner cut (lines over 16 KiB, see `LineSplitter`).
/// Each piece masked on its own would show a secret straddling a cut as two halves in clear, so
/// the end of a piece that could be the start of a secret is held back and shown at the front of
/// the next piece, where it is masked whole. What is held back is shorter than the longest secret.
struct CutLineRedaction {
    private struct Source: Hashable {
        var stepID: String
        var stream: OutputLine.Stream
    }

    private var held: [Source: String] = [:]

    /// `line` as it may be shown: masked, with the end held back when the line goes on in the
    /// next piece; nil when all of it is held back.
    mutating func redact(_ line: OutputLine, by redactor: Redactor) -> OutputLine? {
        let source = Source(stepID: line.stepID, stream: line.stream)
        let earlier = held.removeValue(forKey: source)
        var line = line
        let masked = redactor.redact((earlier ?? "") + line.text)
        guard line.continues else {
            line.text = masked
            return line
        }
        let start = redactor.startOfUnfinishedSecret(in: masked)
        if start < masked.endIndex { held[source] = String(masked[start...]) }
        guard start > masked.startIndex else { return nil }
        line.text = String(masked[..<start])
        return line
    }

    /// What is still held back of `stepID`'s output (all steps' when nil), as the lines that end
    /// it: a runner that stopped without sending the last piece of a line loses nothing.
    mutating func flush(stepID: String?) -> [OutputLine] {
        let sources = held.keys.filter { stepID == nil || $0.stepID == stepID }.sorted { $0.stream.rawValue < $1.stream.rawValue }
        return sources.map { source in
            OutputLine(stepID: source.stepID, stream: source.stream, text: held.removeValue(forKey: source)!)
        }
    }
}
