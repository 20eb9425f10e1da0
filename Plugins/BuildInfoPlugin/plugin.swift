import Foundation
import PackagePlugin

/// Writes the commit Bosun is built from into the `BuildInfo` module, so that `bosun --version`
/// names it. A build command whose inputs are what moves when the commit or the sources do (git's
/// HEAD, its reflog and index, and every source file of the package): SwiftPM runs a prebuild
/// command only when it plans the build again, which left the recorded commit stale.
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let package = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appending(path: "Generated/Commit.swift")
        let script = package.appending(path: "Plugins/BuildInfoPlugin/build-info.sh")
        let sources = context.package.targets.compactMap { $0 as? SourceModuleTarget }
            .flatMap { $0.sourceFiles.map(\.url) }
        return [.buildCommand(
            displayName: "Recording the commit Bosun is built from",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: [script.path, package.path, output.path],
            inputFiles: [script] + gitFiles(of: package) + sources,
            outputFiles: [output])]
    }

    /// The files of the repository's git folder that change with a commit, a checkout or staging.
    private func gitFiles(of package: URL) -> [URL] {
        var gitFolder = package.appending(path: ".git")
        // A worktree's .git is a file naming its git folder.
        if let text = try? String(contentsOf: gitFolder, encoding: .utf8), text.hasPrefix("gitdir: ") {
            gitFolder = URL(fileURLWithPath: text.dropFirst("gitdir: ".count).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return ["HEAD", "index", "logs/HEAD"].map { gitFolder.appending(path: $0) }
            .filter { FileManager.default.fileExists(atPath: $0.path) }
    }
}
