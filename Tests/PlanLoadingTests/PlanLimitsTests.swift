import BosunBasics
@testable import PlanLoading
import Testing

/// Every duration and count of a step is bounded where it is written (issue 12, item 9): past
/// the bounds Bosun's sleeps and kubectl timeouts overflowed and crashed the run.
@Suite("limits of durations and counts")
struct PlanLimitsTests {
    /// One step with `fields`, on line 7 of the plan.
    private func step(_ fields: String) -> String {
        minimalHeader + "  - name: a\n    steps:\n      - { \(fields) }\n"
    }

    static let refused: [(fields: String, message: String, hint: String)] = [
        (#"run: ["true"], timeout: 9223372036854775807"#, "'timeout' is out of range: '9223372036854775807'", "'timeout' is from 1ms to 168h (7 days)"),
        (#"run: ["true"], timeout: 1e26"#, "'timeout' is out of range: '1e26'", "'timeout' is from 1ms to 168h (7 days)"),
        (#"run: ["true"], timeout: 1e400"#, "'timeout' is out of range: '1e400'", "'timeout' is from 1ms to 168h (7 days)"),
        (#"run: ["true"], timeout: 169h"#, "'timeout' is out of range: '169h'", "'timeout' is from 1ms to 168h (7 days)"),
        (#"run: ["true"], timeout: 0"#, "'timeout' is out of range: '0'", "'timeout' is from 1ms to 168h (7 days)"),
        (#"run: ["true"], timeout: -1"#, "'timeout' is out of range: '-1'", "'timeout' is from 1ms to 168h (7 days)"),
        (#"run: ["true"], timeout: -inf"#, "'timeout' is out of range: '-inf'", "'timeout' is from 1ms to 168h (7 days)"),
        (#"run: ["true"], timeout: nan"#, "'timeout' is not a duration: 'nan'",
         "write a number with a unit: 300s, 5m, 1h30m, 250ms; 'timeout' is from 1ms to 168h (7 days)"),
        (#"run: ["true"], retries: 101"#, "'retries' is out of range: '101'", "'retries' is a whole number from 0 to 100"),
        (#"run: ["true"], retries: 18446744073709551616"#, "'retries' is out of range: '18446744073709551616'", "'retries' is a whole number from 0 to 100"),
        (#"run: ["true"], retries: -1"#, "'retries' is out of range: '-1'", "'retries' is a whole number from 0 to 100"),
        (#"rollout: { deployment: web, image: "web=r/web:1", timeout: 8d }"#, "'rollout.timeout' is not a duration: '8d'",
         "write a number with a unit: 300s, 5m, 1h30m, 250ms; 'rollout.timeout' is from 1ms to 168h (7 days)"),
        (#"rollout: { deployment: web, image: "web=r/web:1", timeout: 1e20 }"#, "'rollout.timeout' is out of range: '1e20'",
         "'rollout.timeout' is from 1ms to 168h (7 days)"),
        (#"apply: k.yaml, wait: { for: condition=Ready, pods: app=x, timeout: 1e20 }"#, "'wait.timeout' is out of range: '1e20'",
         "'wait.timeout' is from 1ms to 168h (7 days)"),
        (#"check: { http: "http://x/", interval: 61m }"#, "'check.interval' is out of range: '61m'", "'check.interval' is from 0s to 1h"),
        (#"check: { http: "http://x/", retries: 1001 }"#, "'check.retries' is out of range: '1001'", "'check.retries' is a whole number from 0 to 1000"),
    ]

    @Test("a duration or count past its bounds is an error at the value, with the allowed range", arguments: refused)
    func refusedValues(fields: String, message: String, hint: String) {
        let found = diagnostics(of: step(fields))
        #expect(found.map(\.message) == [message])
        #expect(found.first?.hint == hint)
        #expect(found.first?.location.line == 7)
        let line = step(fields).split(separator: "\n", omittingEmptySubsequences: false)[6]
        let value = message.split(separator: "'")[2]
        let column = found.first?.location.column ?? 1
        #expect(line.dropFirst(column - 1).hasPrefix(value), "the column points at '\(value)' in \(line)")
    }

    @Test("the bounds themselves, and durations from variables (checked by the compiler), load")
    func boundsLoad() throws {
        let document = try PlanLoader.parse(minimalHeader + """
              - name: a
                steps:
                  - { run: ["true"], timeout: 1ms, retries: 100 }
                  - { run: ["true"], timeout: 168h }
                  - { run: ["true"], timeout: 604800 }
                  - { run: ["true"], timeout: "${forever}" }
                  - check: { http: "http://x/", interval: 0s, retries: 1000 }
                  - check: { http: "http://x/", interval: 1h, retries: 0 }
            """, file: "plan.yaml")
        let steps = document.phases[0].steps
        #expect(steps.map { $0.timeout?.value } == ["1ms", "168h", "604800", "${forever}", nil, nil])
        #expect(steps[0].retries?.value == 100)
        guard case .check(let check) = steps[4].action else { Issue.record("not a check"); return }
        #expect(check.retries?.value == 1000 && check.interval?.value == "0s")
    }

    @Test("the bounds' own reading of text", arguments: [
        ("250ms", 0.25), ("1h30m", 5400), (" 5m ", 300), ("0.001", 0.001),
    ])
    func durationValues(text: String, seconds: Double) {
        #expect(DurationBounds.stepTimeout.seconds(in: text) == .success(seconds))
    }
}
