import BosunBasics
import Foundation
import Revisions
import Testing

/// Where a run's plan comes from, decided as a call: `--rev`, the pin, or the working tree, and
/// what a protected environment refuses.
@Suite("source selection")
struct SourcePolicyTests {
    let location = SourceLocation.file("plan.yaml")
    let pin = Pin(commit: String(repeating: "a", count: 40), revision: "v1.2", pinnedBy: "releng", pinnedAt: Date())

    @Test("--rev wins over the pin; the pin wins over the working tree")
    func precedence() throws {
        let policy = SourcePolicy(environment: "dev", protected: false)
        #expect(try policy.choose(SourceRequest(revision: "v2"), pin: pin, location: location) == .revision("v2", pinned: false))
        #expect(try policy.choose(SourceRequest(), pin: pin, location: location) == .revision(pin.commit, pinned: true))
        #expect(try policy.choose(SourceRequest(), pin: nil, location: location) == .workingTree)
        #expect(try policy.choose(SourceRequest(workingTree: true), pin: pin, location: location) == .workingTree)
    }

    @Test("a protected environment never runs the working tree, and says what to do")
    func protectedRefusesWorkingTree() throws {
        let policy = SourcePolicy(environment: "prod", protected: true)
        for request in [SourceRequest(), SourceRequest(workingTree: true)] {
            #expect {
                try policy.choose(request, pin: request.workingTree ? pin : nil, location: location)
            } throws: { error in
                let diagnostic = (error as? DiagnosticError)?.diagnostics.first
                return diagnostic?.message.contains("protected") == true && diagnostic?.hint?.contains("bosun pin") == true
            }
        }
        #expect(try policy.choose(SourceRequest(), pin: pin, location: location) == .revision(pin.commit, pinned: true))
    }

    @Test("--rev with --working-tree is a contradiction, located")
    func revAndWorkingTree() {
        let policy = SourcePolicy(environment: "dev", protected: false)
        #expect {
            try policy.choose(SourceRequest(revision: "v1", workingTree: true), pin: nil, location: location)
        } throws: { error in
            (error as? DiagnosticError)?.diagnostics.first?.location.file == "plan.yaml"
        }
    }
}
