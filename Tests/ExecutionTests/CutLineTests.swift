import BosunBasics
import Testing
@testable import Execution

/// Output lines longer than 16 KiB reach the observers in pieces; a secret must not be cut in two
/// halves that are each shown in clear.
@Suite("long output lines: cut into pieces, masked across the cut")
struct CutLineTests {
    static let secret = "Qx7vKp2mZr9wLt4N"
    static let limit = LineSplitter.maxLineBytes

    @Test("a long line is cut into pieces of at most 16 KiB, each but the last saying the line goes on")
    func pieces() {
        var splitter = LineSplitter()
        let pieces = splitter.append(Array(String(repeating: "x", count: 2 * Self.limit + 10).utf8) + [UInt8(ascii: "\n")])
        #expect(pieces.map(\.text.utf8.count) == [Self.limit, Self.limit, 10])
        #expect(pieces.map(\.continues) == [true, true, false])
    }

    @Test("a cut never falls inside a multi-byte character")
    func characterBoundary() {
        var splitter = LineSplitter()
        let text = String(repeating: "x", count: Self.limit - 1) + "é" + "tail"
        let pieces = splitter.append(Array(text.utf8)) + [splitter.finish()].compactMap { $0 }
        #expect(pieces.map(\.text) == [String(repeating: "x", count: Self.limit - 1), "étail"])
    }

    private func shown(_ pieces: [(String, Bool)], finishing: Bool = false) -> (texts: [String], events: [ExecutionEvent]) {
        let recorder = EventRecorder()
        let observer = RedactingObserver(recorder, redactor: Redactor(secrets: [Self.secret]))
        for (text, continues) in pieces {
            observer.handle(.output(OutputLine(stepID: "app/step", stream: .stdout, text: text, continues: continues)))
        }
        if finishing { observer.handle(.stepFinished(StepRecord(id: "app/step", kind: .run, state: .succeeded))) }
        return (recorder.lines(of: "app/step", on: .stdout), recorder.all)
    }

    @Test("a secret straddling a cut is masked whole, wherever the cut falls in it")
    func straddlingSecret() {
        for cut in 1..<Self.secret.count {
            let filler = String(repeating: "x", count: Self.limit - cut)
            let (texts, _) = shown([(filler + Self.secret.prefix(cut), true), (Self.secret.dropFirst(cut) + " tail", false)])
            #expect(texts.joined() == filler + "*** tail", "cut \(cut) characters into the secret")
            #expect(texts.allSatisfy { !$0.contains(Self.secret.prefix(4)) && !$0.contains(Self.secret.suffix(4)) })
        }
    }

    @Test("what is held back of a piece is shown before the step's end even when no last piece comes")
    func heldBackIsFlushed() {
        let (texts, events) = shown([("xxxx" + Self.secret.prefix(3), true)], finishing: true)
        #expect(texts == ["xxxx", "Qx7"])
        guard case .stepFinished = events.last else { Issue.record("the step's end comes last"); return }
    }

    @Test("lines that were not cut are masked and passed on as they are")
    func wholeLines() {
        let (texts, _) = shown([("a \(Self.secret) b", false), ("Qx7v", false)])
        #expect(texts == ["a *** b", "Qx7v"])
    }
}
