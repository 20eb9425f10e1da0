import BosunBasics
import PlanModel
import Testing

/// Variables resolve without recursion and within bounds (issue 12, items 9 and 10): a chain
/// thousands deep overflowed the stack, values that double with each variable reached gigabytes,
/// and a duration from a variable escaped the loader's bounds.
@Suite("bounds of variables")
struct VariableBoundsTests {
    let header = CompilerFixture.header

    /// The fixture header with `vars` replaced by `lines` (each `name: value`).
    private func plan(vars lines: [String], steps: String) -> String {
        header.replacingOccurrences(of: "vars: { version: v1, domain: example.test }\n", with: "vars:\n" + lines.map { "  " + $0 + "\n" }.joined())
            + "  - name: a\n    steps:\n" + steps
    }

    @Test("a duration from a variable is bounded once resolved, at the field that uses it")
    func durationFromVariable() throws {
        let text = header + "  - name: a\n    steps:\n      - { id: gate, approve: one, timeout: \"${version}\" }\n"
        do {
            _ = try CompilerFixture.compile(text, overrides: ["version": "1e20"])
            Issue.record("a timeout of 1e20 s compiled")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["'timeout' is out of range: '1e20' (from '${version}')"])
            #expect(error.diagnostics.first?.hint == "'timeout' is from 1ms to 168h (7 days)")
            #expect(error.diagnostics.first?.location.line == 13 && error.diagnostics.first?.location.column == 44)
        }
        let fine = try CompilerFixture.compile(text, overrides: ["version": "5m"])
        #expect(fine.step("gate").timeout == 300)
    }

    @Test("a wait timeout from a variable is bounded, and the undo waits as long as the wait")
    func waitTimeoutFromVariable() throws {
        let text = CompilerFixture.connected
            + "  - name: a\n    steps:\n      - { id: web, apply: k8s/fixed.yaml, wait: { for: condition=Available, resource: deployment/web, timeout: \"${version}\" } }\n"
        let found = try? CompilerFixture.compile(text, overrides: ["version": "0"])
        #expect(found == nil)
        #expect(CompilerFixture.diagnosticsOf(text, overrides: ["version": "1e20"]).map(\.message) == ["'wait.timeout' is out of range: '1e20' (from '${version}')"])
        let plan = try CompilerFixture.compile(text, overrides: ["version": "90s"])
        #expect(plan.argv("web").contains { $0.contains("--timeout=90s") && $0.contains("wait") })
        #expect(plan.step("web").onFailure.compactMap(\.argv).contains { $0.contains("--timeout=90s") && $0.contains("status") })
    }

    @Test("a chain of 100,000 variables resolves, without recursion")
    func deepChain() throws {
        let depth = 100_000
        let vars = (0..<depth).map { "v\($0): \"${v\($0 + 1)}\"" } + ["v\(depth): the-end"]
        let compiled = try CompilerFixture.compile(plan(vars: vars, steps: "      - { id: say, run: [echo, \"${v0}\"] }\n"))
        #expect(compiled.argv("say") == [["echo", "the-end"]])
        #expect(compiled.variables["v0"] == "the-end" && compiled.variables["v\(depth / 2)"] == "the-end")
    }

    @Test("variables that double past 1 MiB stop there, with an error at the first one past it")
    func doubling() {
        let vars = ["v0: ab"] + (1..<30).map { "v\($0): \"${v\($0 - 1)}${v\($0 - 1)}\"" }
        let found = CompilerFixture.diagnostics(plan(vars: vars, steps: "      - { run: [echo, \"${v29}\"] }\n"))
        #expect(found.map(\.message) == ["variable 'v20' is longer than 1 MiB once resolved"])
        #expect(found.first?.location.line == 23 && found.first?.location.column == 3)
        #expect(found.first?.hint?.contains("1048576 bytes") == true)
    }

    @Test("a step's value longer than 1 MiB once resolved is an error at the value")
    func longField() {
        let vars = ["v0: ab"] + (1..<20).map { "v\($0): \"${v\($0 - 1)}${v\($0 - 1)}\"" }
        let found = CompilerFixture.diagnostics(plan(vars: vars, steps: "      - { run: [echo, \"${v19}${v19}\"] }\n"))
        #expect(found.map(\.message) == ["this value is longer than 1 MiB once '${v19}' is resolved"])
        #expect(found.first?.location.line == 33)
    }

    @Test("a long loop of variables is named by its start and its end")
    func longLoop() {
        let vars = (0..<50).map { "v\($0): \"${v\(($0 + 1) % 50)}\"" }
        let found = CompilerFixture.diagnostics(plan(vars: vars, steps: "      - { run: [echo, \"${v0}\"] }\n"))
        #expect(found.map(\.message) == ["variable 'v0' refers to itself: v0 -> v1 -> v2 -> v3 -> v4 -> v5 -> v6 -> v7 -> v8 -> … 39 more … -> v48 -> v49 -> v0"])
        #expect(found.first?.location.line == 3)
    }

    @Test("an unknown variable's hint names twenty known ones, then how many more")
    func shortHint() {
        let vars = (0..<100).map { "v\($0): x" }
        let found = CompilerFixture.diagnostics(plan(vars: vars, steps: "      - { run: [echo, \"${nope}\"] }\n"))
        #expect(found.map(\.message) == ["unknown variable '${nope}'"])
        #expect(found.first?.hint?.contains("known variables: environment, plan, v0, v1, v10, v11,") == true)
        #expect(found.first?.hint?.contains(" and 82 more; set one with --set nope=VALUE") == true, "\(found.first?.hint ?? "")")
    }
}
