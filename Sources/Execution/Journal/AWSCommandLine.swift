import Foundation
import PlanModel

/// The real `aws` CLI, run as an argv child process through a ``CommandRunner`` (never a shell
/// string), with Bosun's own environment: credentials, profile, region and endpoint
/// (`AWS_ENDPOINT_URL`) are the aws CLI's business, read from its configuration as for any
/// command the user types.
struct AWSCommandLine: Sendable {
    var runner: any CommandRunner
    /// The folder the child runs in (any that exists: every path given to it is absolute).
    var workingDirectory: String
    /// Names the command in the runner's context (journals and logs never see it).
    var purpose: String

    /// Seconds the aws CLI waits for a connection: an endpoint that does not answer fails in
    /// seconds, not after the minute of every retry.
    static let connectTimeout = "10"

    /// Runs `aws ARGUMENTS`, its standard output into `stdoutFile` when given; nil when it
    /// succeeded, else why not in the aws CLI's words.
    func run(_ arguments: [String], stdoutFile: String? = nil) async -> AWSFailure? {
        // No pager: aws CLI v2 would start `less` for a long listing.
        let command = ExecCommand(["aws", "--cli-connect-timeout", Self.connectTimeout] + arguments, stdoutFile: stdoutFile,
                                  environment: ["AWS_PAGER": ""])
        let (outcome, lines) = await runner.runCollecting(.exec(command), workingDirectory: workingDirectory, stepID: purpose)
        guard !outcome.succeeded else { return nil }
        return AWSFailure(lines: lines, outcome: outcome.message ?? "failed")
    }
}

/// Why an aws CLI command failed: how it ended and the first lines it printed. `s3 cp` prints a
/// line per file it could not copy, nearly always for one reason: the first is kept, the others
/// counted.
package struct AWSFailure: Error, Sendable, CustomStringConvertible {
    package let description: String

    static let linesKept = 3

    init(lines: [String], outcome: String) {
        var seen = Set<String>()
        let said = lines.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && seen.insert($0).inserted }
        let perFile = said.filter { $0.hasPrefix("upload failed:") || $0.hasPrefix("download failed:") }
        var kept = said.filter { !perFile.contains($0) }
        if let first = perFile.first {
            kept.insert(perFile.count > 1 ? first + "\n    (and \(perFile.count - 1) more files, failed likewise)" : first, at: 0)
        }
        var text = kept.prefix(Self.linesKept).joined(separator: "\n    ")
        if kept.count > Self.linesKept { text += "\n    (and \(kept.count - Self.linesKept) more lines)" }
        // "exited with status 1", or the runner's "aws: command not found on PATH".
        let ending = outcome.hasPrefix("aws") ? outcome : "aws " + outcome
        description = text.isEmpty ? ending : ending + ":\n    " + text
    }

    init(_ description: String) {
        self.description = description
    }
}
