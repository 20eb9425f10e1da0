@testable import ChangePreview
import Testing

@Suite("the compact diff cut from kubectl's whole-object diff")
struct CompactDiffTests {
    private func lines(_ text: String) -> [CompactDiff.Line] {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { CompactDiff.Line(marker: $0.first!, text: String($0.dropFirst())) }
    }

    @Test("three lines of context around each change, with diff -u's line numbers")
    func contextAndNumbers() {
        let object = (1...20).map { " line\($0)" }
        var marked = object
        marked[9] = "-line10"
        marked.insert("+line10 changed", at: 10)
        let diff = CompactDiff.make(lines(marked.joined(separator: "\n")))
        #expect(diff == """
            @@ -7,7 +7,7 @@
             line7
             line8
             line9
            -line10
            +line10 changed
             line11
             line12
             line13
            """)
    }

    @Test("changes whose context touches share one hunk; far ones get their own")
    func hunks() {
        var marked = (1...30).map { " l\($0)" }
        marked[2] = "-l3"
        marked[8] = "+new after l8"
        marked[27] = "-l28"
        let diff = CompactDiff.make(lines(marked.joined(separator: "\n")))
        let headers = diff.split(separator: "\n").filter { $0.hasPrefix("@@") }
        // Lines 1-12 hold the removed l3 and the added line (11 on each side); the second hunk starts
        // at old line 24 (one line was added before it) and new line 24 (one was removed).
        #expect(headers == ["@@ -1,11 +1,11 @@", "@@ -24,6 +24,5 @@"])
    }

    @Test("a created object is all additions from line 0")
    func created() {
        let diff = CompactDiff.make(lines("+apiVersion: v1\n+kind: Service"))
        #expect(diff == "@@ -0,0 +1,2 @@\n+apiVersion: v1\n+kind: Service")
    }
}
