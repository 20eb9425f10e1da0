import ArgumentParser
import Foundation
import Rendering

/// `--report FORMAT=FILE` of `apply` and `rollback`: reports written from the run's journal once
/// it has ended, for CI to collect (JUnit for its test view, GitLab's code quality, the HTML page).
struct ReportOptions: ParsableArguments {
    @Option(
        name: .customLong("report"),
        help: ArgumentHelp(
            "When the run ends, write a report of it: junit, gitlab, github or html, then = and the file (repeatable; docs/reports.md).",
            valueName: "format=file"))
    var reports: [ReportRequest] = []

    func validate() throws {
        var paths: Set<String> = []
        for report in reports {
            guard paths.insert(report.absolutePath).inserted else {
                throw ValidationError("--report names \(report.path) twice: give each report its own file")
            }
            try report.checkWritable()
        }
    }
}

/// One `--report FORMAT=FILE`.
struct ReportRequest: ExpressibleByArgument, Sendable {
    var format: RunReportFormat
    var path: String

    init?(argument: String) {
        guard let equals = argument.firstIndex(of: "="),
              let format = RunReportFormat(rawValue: String(argument[..<equals])) else { return nil }
        let path = String(argument[argument.index(after: equals)...])
        guard !path.isEmpty else { return nil }
        self.format = format
        self.path = path
    }

    static var defaultCompletionKind: CompletionKind { .file() }

    var absolutePath: String { URL(fileURLWithPath: path).standardizedFileURL.path }

    /// Refused before the run starts, not after: a report that cannot be written would be lost
    /// only once the deploy is over.
    func checkWritable() throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: absolutePath, isDirectory: &isDirectory), isDirectory.boolValue {
            throw ValidationError("--report \(format.rawValue)=\(path): \(path) is a folder; name a file")
        }
        let folder = URL(fileURLWithPath: absolutePath).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--report \(format.rawValue)=\(path): the folder \(folder) does not exist; create it first")
        }
        guard FileManager.default.isWritableFile(atPath: folder) else {
            throw ValidationError("--report \(format.rawValue)=\(path): the folder \(folder) is not writable")
        }
    }
}
