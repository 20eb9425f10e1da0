import Foundation

/// Where `make deps` installs the real CLIs and Python packages these tests drive: virtual
/// environments under `${XDG_CACHE_HOME:-~/.cache}/bosun`, reused across runs.
enum TestTools {
    static let cacheFolder: String = {
        let environment = ProcessInfo.processInfo.environment
        if let cache = environment["XDG_CACHE_HOME"], !cache.isEmpty { return cache + "/bosun" }
        return NSHomeDirectory() + "/.cache/bosun"
    }()

    /// moto[server] and awscli (the real `aws` CLI), and the Python the stand-ins run on.
    static let awsTools = cacheFolder + "/aws-tools/bin"
    /// The real `az` CLI (PyPI azure-cli).
    static let azureCLI = cacheFolder + "/azure-cli/bin"
    static var python: String { awsTools + "/python" }

    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let fixtures = testsFolder.appendingPathComponent("Fixtures").path
    static let repositoryRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent().path

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// Fails the test (never skips it) when a tool is not installed: `make test` installs them.
    static func require(_ executable: String) throws {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw Missing(description: "\(executable) is not installed: run `make deps` (make test does)")
        }
    }

    /// The test process's PATH with the given folders in front.
    static func path(prepending folders: [String]) -> String {
        (folders + [ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]).joined(separator: ":")
    }
}
