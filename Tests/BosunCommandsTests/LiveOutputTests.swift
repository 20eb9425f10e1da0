import Foundation
import Testing

/// What `apply` shows on a terminal (a pseudo-terminal, with colours), and with `--quiet`:
/// each step's output grouped under its result line however its lines interleaved as they ran.
@Suite("grouped live output on a terminal")
struct LiveOutputTests {
    /// Two parallel steps whose lines interleave as they run (each prints one every 0.1 s).
    private static func plan(failing: Bool = false) -> String {
        Project.header + """
              - name: work
                parallel: true
                steps:
                  - { id: alpha, run: [sh, -c, "for i in 1 2 3; do echo a$i; sleep 0.1; done"] }
                  - { id: beta, run: [sh, -c, "for i in 1 2 3; do echo b$i; sleep 0.1; done; sleep 0.3; exit \(failing ? 1 : 0)"] }
            """
    }

    /// The lines that follow the first line that `isResult` picks (nil: no such line).
    private func block(after isResult: (String) -> Bool, in lines: [String], count: Int) -> [String]? {
        guard let index = lines.firstIndex(where: isResult) else { return nil }
        return Array(lines[(index + 1)...].prefix(count))
    }

    @Test("each step's output is shown whole under its result line, its command first; no status area is left behind")
    func grouped() async throws {
        let project = try Project(plan: Self.plan(), files: Project.kubeconfig)
        defer { project.remove() }
        let session = try TerminalSession(["apply", "plan.yaml", "--env", "local"], in: project.folder)
        let (status, raw) = await session.finish()
        let lines = TerminalSession.lines(raw)
        #expect(status == 0, "\(raw)")
        for (id, letter) in [("alpha", "a"), ("beta", "b")] {
            let shown = block(after: { $0.hasPrefix("✔ ") && $0.contains("/2] \(id) (") }, in: lines, count: 4)
            #expect(shown?.first?.hasPrefix("    $ sh -c ") == true, "\(lines)")
            #expect(shown?.dropFirst() == ["    \(letter)1", "    \(letter)2", "    \(letter)3"], "\(lines)")
        }
        #expect(!raw.contains("[alpha] a1"), "not the plain lines prefixed with the step")
        #expect(raw.contains("\u{1B}["), "coloured, as on a terminal")
        let afterLastErase = raw.components(separatedBy: "\u{1B}[J").last ?? ""
        #expect(!afterLastErase.contains(" running"), "the status area is erased at the end: \(afterLastErase)")
        #expect(lines.contains { $0.contains("Run succeeded in") })
    }

    @Test("--quiet on a terminal: the succeeded step shows its result line only, the failing one its output")
    func quiet() async throws {
        let project = try Project(plan: Self.plan(failing: true), files: Project.kubeconfig)
        defer { project.remove() }
        let session = try TerminalSession(["apply", "plan.yaml", "--env", "local", "--quiet", "--keep-going"], in: project.folder)
        let (status, raw) = await session.finish()
        let lines = TerminalSession.lines(raw)
        #expect(status == 1, "\(raw)")
        #expect(lines.contains { $0.hasPrefix("✔ ") && $0.contains("/2] alpha (") }, "\(lines)")
        #expect(!lines.contains("    a1"), "\(lines)")
        let failed = block(after: { $0.hasPrefix("✘ ") && $0.contains("/2] beta failed") }, in: lines, count: 4)
        #expect(failed?.first?.hasPrefix("    $ sh -c ") == true, "\(lines)")
        #expect(failed?.dropFirst() == ["    b1", "    b2", "    b3"], "\(lines)")
    }

    @Test("--quiet without a terminal: result lines, and only the failing step's output, under its result")
    func quietPlain() async throws {
        let project = try Project(plan: Self.plan(failing: true), files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["apply", "plan.yaml", "--env", "local", "--quiet", "--keep-going"])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("ok  [") && $0.contains("/2] alpha (") }, "\(lines)")
        #expect(!result.stdout.contains("a1") && !result.stdout.contains("-->"), "\(result.stdout)")
        let failed = block(after: { $0.hasPrefix("!! [") && $0.contains("/2] beta failed") }, in: lines, count: 4)
        #expect(failed?.dropFirst() == ["    b1", "    b2", "    b3"], "\(lines)")
        #expect(!result.stdout.contains("\u{1B}["))
    }

    @Test("an approval's question on the terminal is not drawn over: the status area waits until it is answered")
    func approvalPausesTheStatusArea() async throws {
        let project = try Project(plan: Project.header + """
              - name: release
                parallel: true
                steps:
                  - { id: slow, run: [sh, -c, "echo working; sleep 3"] }
                  - { id: pause, run: [sleep, "0.6"] }
                  - { id: gate, needs: [pause], approve: "Ship it?" }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let session = try TerminalSession(["apply", "plan.yaml", "--env", "local"], in: project.folder)
        let question = "gate: Ship it? [y/N] "
        #expect(try await session.waitFor(question))
        try await Task.sleep(for: .milliseconds(700))  // several redraw ticks
        let asked = session.output
        let beforeQuestion = try #require(asked.range(of: question)).lowerBound
        #expect(asked[beforeQuestion...] == question[...], "nothing drawn after the question: \(asked[beforeQuestion...])")
        #expect(asked[..<beforeQuestion].hasSuffix("\u{1B}[J"), "the status area was erased before the question")
        session.type("y\n")
        let (status, raw) = await session.finish()
        #expect(status == 0, "\(raw)")
        let lines = TerminalSession.lines(raw)
        #expect(lines.contains { $0.hasPrefix("✔ ") && $0.contains("] gate (") }, "\(lines)")
        #expect(raw[raw.range(of: question)!.upperBound...].contains(" running"), "the status area is back once answered")
    }

    @Test("Ctrl-C typed on the terminal stops the run and leaves no status area behind")
    func interrupt() async throws {
        let project = try Project(plan: Project.header + """
              - name: work
                steps:
                  - { id: long, run: [sh, -c, "echo started; sleep 60"] }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let session = try TerminalSession(["apply", "plan.yaml", "--env", "local", "--grace-period", "0.5"], in: project.folder)
        #expect(try await session.waitFor(" running"), "the status area shows the running step")
        session.type("\u{03}")  // the terminal sends SIGINT to its foreground process group: bosun's
        let (status, raw) = await session.finish()
        #expect(status == 130, "\(raw)")
        let afterLastErase = raw.components(separatedBy: "\u{1B}[J").last ?? ""
        #expect(!afterLastErase.contains(" running"), "\(afterLastErase)")
        let lines = TerminalSession.lines(raw)
        #expect(lines.contains { $0.contains("SIGINT: stopping running steps") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("■ ") && $0.contains("] long ") }, "\(lines)")
        #expect(lines.contains("    started"), "a cancelled step shows its output: \(lines)")
    }
}
