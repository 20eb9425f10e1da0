import BosunBasics
import Foundation
import Testing
@testable import Execution
#if canImport(Glibc)
import Glibc
#endif

@Suite("Approval gates")
struct ApprovalTests {
    @Test("the terminal prompt shows the step and the question, and 'y' approves")
    func terminalApproves() async throws {
        let terminal = try PseudoTerminal()
        defer { terminal.close() }
        let answer = Task { await TerminalApproval(device: terminal.device).approve(prompt: "Deploy to prod?", stepID: "release/gate") }
        let prompted = await terminal.waitFor("release/gate: Deploy to prod? [y/N] ")
        #expect(prompted)
        terminal.type("y\n")
        #expect(await answer.value)
    }

    @Test("anything but y or yes refuses")
    func terminalRefuses() async throws {
        let terminal = try PseudoTerminal()
        defer { terminal.close() }
        let answer = Task { await TerminalApproval(device: terminal.device).approve(prompt: "Go?", stepID: "gate") }
        #expect(await terminal.waitFor("[y/N] "))
        terminal.type("\n")
        #expect(await answer.value == false)
    }

    @Test("a pending prompt gives up at once when its step is cancelled")
    func cancelledPrompt() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        // A FIFO nobody answers on stands in for a terminal nobody is looking at.
        let fifo = folder.file("tty")
        #expect(mkfifo(fifo, 0o600) == 0)
        let answer = Task { await TerminalApproval(device: fifo).approve(prompt: "Go?", stepID: "gate") }
        try await Task.sleep(for: .milliseconds(50))
        answer.cancel()
        #expect(await answer.value == false)
    }

    @Test("without a terminal the gate refuses instead of waiting")
    func noTerminal() async {
        #expect(!TerminalApproval.isAvailable(device: "/nonexistent/tty"))
        #expect(await TerminalApproval(device: "/nonexistent/tty").approve(prompt: "ok?", stepID: "gate") == false)
    }
}

@Suite("Approval prompts with secrets")
struct RedactingApprovalTests {
    @Test("the terminal is asked with the prompt's secret masked, and the answer still counts")
    func maskedPrompt() async throws {
        let terminal = try PseudoTerminal()
        defer { terminal.close() }
        let gate = RedactingApproval(TerminalApproval(device: terminal.device), redactor: Redactor(secrets: ["Qx7vKp2mZr9wLt4N"]))
        let answer = Task { await gate.approve(prompt: "Deploy with Qx7vKp2mZr9wLt4N?", stepID: "release/gate") }
        #expect(await terminal.waitFor("release/gate: Deploy with ***? [y/N] "))
        terminal.type("y\n")
        #expect(await answer.value)
    }
}
