import BosunBasics
import Execution
import Foundation

/// A run as JUnit XML, the test report GitLab, Jenkins and most CI systems read: one test suite
/// per phase, one test case per step with its time, a failed step as a failure, a step stopped or
/// never finished as an error, a skipped one as skipped, and each step's log as its system-out.
///
/// Written to the schema Jenkins' xUnit plugin validates (`junit-10.xsd`), which GitLab's parser
/// also reads: a test case carries only `name`, `classname` and `time`, so where a step is written
/// goes into the failure's text, not into attributes that schema does not allow.
package enum JUnitReport {
    package static func render(_ timeline: RunTimeline, hostname: String? = nil) -> String {
        let metadata = timeline.metadata
        let counts = timeline.counts
        var xml = #"<?xml version="1.0" encoding="UTF-8"?>"# + "\n"
        xml += "<testsuites" + attributes([
            ("name", "bosun \(metadata.planName) (\(metadata.environment)) run \(metadata.runID)"),
            ("tests", "\(counts.total)"), ("failures", "\(counts.failed)"), ("errors", "\(counts.errors)"),
            ("time", seconds(metadata.duration ?? span(of: timeline.steps))),
        ]) + ">\n"
        for (number, phase) in timeline.phases.enumerated() {
            xml += suite(phase, number: number, timeline: timeline, hostname: hostname)
        }
        xml += "</testsuites>\n"
        return xml
    }

    private static func suite(_ phase: RunTimeline.Phase, number: Int, timeline: RunTimeline, hostname: String?) -> String {
        let steps = phase.steps.map { timeline.steps[$0] }
        let verdicts = steps.map { RunTimeline.Verdict($0.record.state) }
        let metadata = timeline.metadata
        let started = steps.compactMap(\.record.startedAt).min()
        var attributes: [(String, String)] = [
            ("name", phase.name), ("tests", "\(steps.count)"),
            ("failures", "\(verdicts.filter { $0 == .failure }.count)"),
            ("errors", "\(verdicts.filter { $0 == .error }.count)"),
            ("skipped", "\(verdicts.filter { $0 == .skipped }.count)"),
            ("time", seconds(span(of: steps))),
            ("timestamp", ISODate.text(started ?? metadata.startedAt)),
        ]
        if let hostname { attributes.append(("hostname", hostname)) }
        attributes += [("id", "\(number)"), ("package", "\(metadata.planName).\(metadata.environment)")]
        var xml = "  <testsuite" + Self.attributes(attributes) + ">\n"
        xml += properties(of: timeline)
        for step in steps { xml += testCase(step, classname: "\(metadata.planName).\(metadata.environment).\(phase.name)", planFile: timeline.planFile) }
        return xml + "  </testsuite>\n"
    }

    private static func properties(of timeline: RunTimeline) -> String {
        let metadata = timeline.metadata
        var properties = [
            ("bosun.run", metadata.runID), ("bosun.plan", metadata.planName), ("bosun.environment", metadata.environment),
            ("bosun.outcome", metadata.outcome.rawValue),
        ]
        if let commit = metadata.source?.commit { properties.append(("bosun.commit", commit)) }
        if let exitCode = metadata.exitCode { properties.append(("bosun.exit_code", "\(exitCode)")) }
        return "    <properties>\n"
            + properties.map { "      <property" + attributes([("name", $0.0), ("value", $0.1)]) + "/>\n" }.joined()
            + "    </properties>\n"
    }

    private static func testCase(_ step: RunTimeline.Step, classname: String, planFile: String) -> String {
        let record = step.record
        var xml = "    <testcase" + attributes([
            ("name", step.id), ("classname", classname), ("time", seconds(record.duration ?? 0)),
        ]) + ">\n"
        let detail = detail(of: step)
        switch RunTimeline.Verdict(record.state) {
        case .passed:
            break
        case .failure:
            xml += "      <failure" + attributes([("message", message(of: step)), ("type", record.state.rawValue)]) + ">"
                + XMLText.content(detail) + "</failure>\n"
        case .error:
            xml += "      <error" + attributes([("message", message(of: step)), ("type", record.state.rawValue)]) + ">"
                + XMLText.content(detail) + "</error>\n"
        case .skipped:
            xml += "      <skipped" + attributes([("message", record.message ?? "skipped")]) + "/>\n"
        }
        if let log = step.log, !log.isEmpty { xml += "      <system-out>" + XMLText.content(log) + "</system-out>\n" }
        return xml + "    </testcase>\n"
    }

    /// One line for the failure's `message`: what the step's record says, else its state.
    private static func message(of step: RunTimeline.Step) -> String {
        let state = step.record.state == .running ? "interrupted" : step.record.state.rawValue
        return step.record.message.map { "\(state): \($0)" } ?? state
    }

    /// The failure's text: where the step is written, what it is, and how it ended.
    private static func detail(of step: RunTimeline.Step) -> String {
        var lines = ["step \(step.id) (\(step.kind.rawValue)) at \(step.location): \(step.summary)"]
        lines.append("state: \(step.record.state.rawValue), attempts: \(step.record.attempts)"
            + (step.record.exitStatus.map { ", exit status \($0)" } ?? ""))
        if let message = step.record.message { lines.append(message) }
        return lines.joined(separator: "\n")
    }

    /// Seconds from the first start to the last end of `steps` (0 when none ran).
    private static func span(of steps: [RunTimeline.Step]) -> Double {
        let starts = steps.compactMap(\.record.startedAt), ends = steps.compactMap(\.record.finishedAt)
        guard let first = starts.min(), let last = ends.max() else { return 0 }
        return max(0, last.timeIntervalSince(first))
    }

    /// Plain decimal seconds, as the schema's time pattern wants (no exponent, no grouping).
    private static func seconds(_ value: Double) -> String {
        String(format: "%.3f", locale: Locale(identifier: "en_US_POSIX"), max(0, value.isFinite ? value : 0))
    }

    private static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(XMLText.attribute($0.1))\"" }.joined()
    }
}
