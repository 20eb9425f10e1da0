import BosunBasics
import Foundation

/// Problems as GitHub Actions workflow commands (`::error file=…,line=…,col=…,title=…::message`),
/// which the runner reads from a step's output and shows on the file and line of the pull request.
package enum GitHubAnnotations {
    /// True when running as a GitHub Actions step.
    package static func isActive(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment["GITHUB_ACTIONS"] == "true"
    }

    /// One command per problem, paths relative to the repository (`GITHUB_WORKSPACE`) as GitHub
    /// needs them to place the annotation.
    package static func render(_ problems: [ReportedProblem], paths: AnnotationPaths) -> String {
        problems.map { problem in
            let properties = [
                ("file", paths.relative(problem.location.file)), ("line", "\(problem.location.line)"),
                ("col", "\(problem.location.column)"), ("title", problem.title),
            ]
            return "::\(problem.severity.rawValue) "
                + properties.map { "\($0.0)=\(escapeProperty($0.1))" }.joined(separator: ",")
                + "::" + escapeData(problem.message) + "\n"
        }.joined()
    }

    /// The runner splits a command at line breaks and reads `%` escapes in its message.
    static func escapeData(_ text: String) -> String {
        TerminalEscapes.strip(text)
            .replacingOccurrences(of: "%", with: "%25")
            .replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(of: "\n", with: "%0A")
    }

    /// Properties also end at `,` and `:`.
    static func escapeProperty(_ text: String) -> String {
        escapeData(text).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}

/// Plan paths as a CI system wants them: relative to the repository's root. A diagnostic names a
/// file as the user gave it (relative to the working directory) or absolute; CI's annotations and
/// code-quality reports place it only by its path in the repository.
package struct AnnotationPaths: Sendable {
    /// The repository's root (`GITHUB_WORKSPACE`, `CI_PROJECT_DIR`), absolute.
    package var root: String?
    /// Where relative paths are relative to.
    package var currentDirectory: String

    package init(root: String?, currentDirectory: String = FileManager.default.currentDirectoryPath) {
        self.root = root.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
        self.currentDirectory = currentDirectory
    }

    /// The root named by the CI system this runs under, if any.
    package static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> AnnotationPaths {
        AnnotationPaths(root: environment["GITHUB_WORKSPACE"] ?? environment["CI_PROJECT_DIR"])
    }

    package func relative(_ file: String) -> String {
        let absolute = URL(fileURLWithPath: file, relativeTo: URL(fileURLWithPath: currentDirectory, isDirectory: true))
            .standardizedFileURL.path
        guard let root else { return file.hasPrefix("/") ? absolute : file }
        let prefix = root.hasSuffix("/") ? root : root + "/"
        return absolute.hasPrefix(prefix) ? String(absolute.dropFirst(prefix.count)) : file
    }
}
