import BosunBasics
import Crypto
import Foundation

/// Problems as a GitLab code-quality report (`artifacts: reports: codequality:`), the Code Climate
/// JSON subset GitLab reads: an array of issues, each with a description, a check name, a
/// fingerprint, a severity and a location (`path`, `lines.begin`). GitLab shows them in the merge
/// request and compares them with the target branch's by fingerprint.
package enum CodeQualityReport {
    package static func render(_ problems: [ReportedProblem], paths: AnnotationPaths) -> String {
        var json = JSONWriter(pretty: true)
        json.array { json in
            for problem in problems {
                let path = paths.relative(problem.location.file)
                json.object { json in
                    json.field("check_name", problem.check)
                    json.field("description", problem.title + ": " + TerminalEscapes.strip(problem.message))
                    json.field("fingerprint", fingerprint(problem, path: path))
                    json.field("location") { json in
                        json.object { json in
                            json.field("lines") { json in
                                json.object { json in json.field("begin", problem.location.line) }
                            }
                            json.field("path", path)
                        }
                    }
                    json.field("severity", severity(problem.severity))
                    json.field("type", "issue")
                }
            }
        }
        return String(decoding: json.bytes, as: UTF8.self) + "\n"
    }

    /// GitLab's severities: info, minor, major, critical, blocker.
    private static func severity(_ severity: ReportedProblem.Severity) -> String {
        switch severity {
        case .error: "critical"
        case .warning: "minor"
        case .notice: "info"
        }
    }

    /// The same problem in the same place gets the same fingerprint in every report, so GitLab
    /// can tell a problem fixed from one still there; the message is left out (it names run ids).
    private static func fingerprint(_ problem: ReportedProblem, path: String) -> String {
        let key = [problem.check, path, "\(problem.location.line)", problem.stepID ?? problem.message].joined(separator: "\u{1F}")
        return SHA256.hash(data: Data(key.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
