import Execution
import Foundation
import Rendering
import Testing

/// The grouped live view of a run, driven by events at times a test chooses (no clock, no terminal).
@Suite struct GroupedRunViewTests {
    private func view(quiet: Bool = false, maxLines: Int = 1000, maxBytes: Int = 256 * 1024) -> GroupedRunView {
        var view = GroupedRunView(settings: .init(style: .plain, quiet: quiet, maxLines: maxLines, maxBytes: maxBytes))
        _ = view.apply(.runStarted(planName: "demo", stepCount: 3, startedAt: Date()), at: 0)
        return view
    }

    private func output(_ id: String, _ text: String, _ stream: OutputLine.Stream = .stdout) -> ExecutionEvent {
        .output(OutputLine(stepID: id, stream: stream, text: text))
    }

    private func finished(_ id: String, _ state: StepState, duration: Double = 1.5, message: String? = nil) -> ExecutionEvent {
        .stepFinished(StepRecord(id: id, kind: .run, state: state, attempts: 1, duration: duration, message: message))
    }

    @Test("one status line per running step, in start order, with its latest output line and whole seconds elapsed")
    func statusLines() {
        var view = view()
        #expect(view.apply(.stepStarted(id: "db", attempt: 1), at: 10) == nil)
        _ = view.apply(.stepStarted(id: "api", attempt: 1), at: 11)
        _ = view.apply(.commandStarted(id: "db", displayText: "terraform apply"), at: 11)
        _ = view.apply(output("db", "Creating…"), at: 12)
        _ = view.apply(output("api", "\u{1B}[32mready\u{1B}[0m\r"), at: 12)
        _ = view.apply(output("db", "   "), at: 13)  // a blank line does not replace the latest
        #expect(view.statusLines(at: 14.9, width: 80, height: 10) == [
            "[0/3] 2 running",
            "  db 4s  Creating…",
            "  api 3s  ready",
        ])
        _ = view.apply(finished("db", .succeeded), at: 15)
        #expect(view.statusLines(at: 75, width: 80, height: 10) == ["[1/3] 1 running", "  api 1m4s  ready"])
        _ = view.apply(finished("api", .succeeded), at: 76)
        #expect(view.statusLines(at: 76, width: 80, height: 10).isEmpty)
    }

    @Test("before anything prints, the command a step runs is its latest line")
    func commandAsLatest() {
        var view = view()
        _ = view.apply(.stepStarted(id: "a", attempt: 1), at: 0)
        _ = view.apply(.commandStarted(id: "a", displayText: "kubectl apply -f web.yaml"), at: 0)
        #expect(view.statusLines(at: 0.4, width: 80, height: 10).last == "  a 0s  $ kubectl apply -f web.yaml")
    }

    @Test("a finished step's result line is followed by its commands and output, grouped and indented")
    func groupedBlock() {
        var view = view()
        _ = view.apply(.stepStarted(id: "a", attempt: 1), at: 0)
        _ = view.apply(.stepStarted(id: "b", attempt: 1), at: 0)
        _ = view.apply(.commandStarted(id: "a", displayText: "sh -c 'echo a1; echo a2'"), at: 0)
        _ = view.apply(output("a", "a1"), at: 0.1)
        _ = view.apply(output("b", "b1"), at: 0.1)
        _ = view.apply(output("a", "a2", .stderr), at: 0.2)
        _ = view.apply(output("b", "b2"), at: 0.2)
        #expect(view.apply(finished("a", .succeeded, duration: 0.3), at: 0.3) == """
            ok  [1/3] a (300ms)
                $ sh -c 'echo a1; echo a2'
                a1
                a2

            """)
        #expect(view.apply(finished("b", .failed, duration: 1, message: "exit status 1"), at: 1) == """
            !! [2/3] b failed: exit status 1 (1.0s)
                b1
                b2

            """)
    }

    @Test("--quiet: a succeeded step shows its result line only, a failed one its output too")
    func quiet() {
        var view = view(quiet: true)
        for id in ["ok", "bad", "undone"] { _ = view.apply(.stepStarted(id: id, attempt: 1), at: 0) }
        _ = view.apply(output("ok", "fine"), at: 0.1)
        _ = view.apply(output("bad", "boom"), at: 0.1)
        _ = view.apply(output("undone", "applied"), at: 0.1)
        _ = view.apply(.rollbackStarted(id: "undone"), at: 0.2)
        #expect(view.apply(finished("ok", .succeeded), at: 1) == "ok  [1/3] ok (1.5s)\n")
        #expect(view.apply(finished("bad", .timedOut, message: "timed out after 1s"), at: 1) == """
            !! [2/3] bad timedOut: timed out after 1s (1.5s)
                boom

            """)
        #expect(view.apply(finished("undone", .rolledBack, message: "exit status 1"), at: 1) == """
            << [3/3] undone rolled back: exit status 1 (1.5s)
                applied
                rolling back

            """)
        #expect(view.apply(finished("never", .skipped, message: "skipped: needs bad"), at: 1) == "- [4/3] never skipped: needs bad\n")
    }

    @Test("a step undone after it succeeded is shown running again, and its undo's output after it")
    func undoAfterSuccess() {
        var view = view()
        _ = view.apply(.stepStarted(id: "release", attempt: 1), at: 0)
        _ = view.apply(finished("release", .succeeded), at: 1)
        _ = view.apply(.rollbackStarted(id: "release"), at: 5)
        _ = view.apply(.commandStarted(id: "release", displayText: "kubectl rollout undo"), at: 5)
        #expect(view.statusLines(at: 7, width: 80, height: 10).last == "  release 2s  $ kubectl rollout undo")
        #expect(view.apply(finished("release", .rolledBack), at: 8) == """
            << [1/3] release rolled back (1.5s)
                rolling back
                $ kubectl rollout undo

            """)
    }

    @Test("status lines are cut to the terminal's width, wide characters counted twice; the step's output is not")
    func truncation() {
        var view = view()
        _ = view.apply(.stepStarted(id: "api", attempt: 1), at: 0)
        let long = String(repeating: "x", count: 200)
        _ = view.apply(output("api", long), at: 1)
        let line = view.statusLines(at: 2, width: 40, height: 10)[1]
        #expect(line == "  api 2s  " + String(repeating: "x", count: 28) + "…")
        #expect(TerminalLine.columns(line) == 39)
        _ = view.apply(output("api", String(repeating: "界", count: 40)), at: 2)
        let wide = view.statusLines(at: 2, width: 40, height: 10)[1]
        #expect(TerminalLine.columns(wide) <= 39 && wide.hasSuffix("…"))
        #expect(view.apply(finished("api", .succeeded), at: 3)!.contains("    " + long + "\n"))
    }

    @Test("a line that comes after its step's end is shown at once, prefixed with the step, not lost")
    func lateLine() {
        var view = view()
        _ = view.apply(.stepStarted(id: "a", attempt: 1), at: 0)
        _ = view.apply(finished("a", .succeeded), at: 1)
        #expect(view.apply(output("a", "late"), at: 1) == "[a] late\n")
        #expect(view.statusLines(at: 1, width: 80, height: 10).isEmpty)
    }

    @Test("more running steps than lines: the rest are counted on the last line")
    func heightLimit() {
        var view = view()
        for index in 1...6 { _ = view.apply(.stepStarted(id: "s\(index)", attempt: 1), at: 0) }
        #expect(view.statusLines(at: 1, width: 80, height: 4) == ["[0/3] 6 running", "  s1 1s", "  s2 1s", "  … and 4 more running"])
    }

    @Test("a step's buffered output is capped: the last lines are kept and the earlier ones named in the journal's log")
    func cap() {
        var view = view(maxLines: 3)
        _ = view.apply(.stepStarted(id: "web/chatty", attempt: 1), at: 0)
        for index in 1...10_000 { _ = view.apply(output("web/chatty", "line \(index)"), at: 0) }
        #expect(view.apply(finished("web/chatty", .failed), at: 1) == """
            !! [1/3] web/chatty failed (1.5s)
                … 9997 earlier lines in logs/web%2Fchatty.log
                line 9998
                line 9999
                line 10000

            """)
    }

    @Test("the cap counts bytes too, and one huge line is cut")
    func byteCap() {
        var tail = StepOutputTail(maxLines: 100, maxBytes: 10)
        tail.append(.init(.output, "12345"))
        tail.append(.init(.output, "67890"))
        tail.append(.init(.output, "abc"))
        #expect(tail.entries.map(\.text) == ["67890", "abc"] && tail.dropped == 1)
        tail.append(.init(.output, String(repeating: "z", count: 50)))
        #expect(tail.entries.map(\.text) == [String(repeating: "z", count: 10) + "…"] && tail.dropped == 3)
    }

    @Test("the status area is erased (up over its lines, clear to the end) before text goes above it, in one write")
    func statusArea() {
        var area = StatusArea()
        #expect(area.replace(with: ["a", "b"]) == "a\nb\n")
        #expect(area.replace(with: ["a", "b"]) == nil)
        #expect(area.replace(above: "done\n", with: ["a"]) == "\r\u{1B}[2A\u{1B}[Jdone\na\n")
        #expect(area.clear() == "\r\u{1B}[1A\u{1B}[J")
        #expect(area.clear() == "")
    }

    @Test("escape sequences and controls never reach a status line")
    func sanitizing() {
        #expect(TerminalLine.sanitized("\u{1B}[1;31mred\u{1B}[0m\tand\u{1B}]0;title\u{07} done\r") == "red and done")
    }
}
