import Foundation
import PackagePlugin

/// Writes the commit Bosun is built from into the `BuildInfo` module before every build, so that
/// `bosun --version` names it. A prebuild command, because it has to run even when no input
/// file changed (a new commit changes no source file).
@main
struct BuildInfoPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "Generated")
        let script = context.package.directoryURL.appending(path: "Plugins/BuildInfoPlugin/build-info.sh")
        return [.prebuildCommand(
            displayName: "Recording the commit Bosun is built from",
            executable: URL(fileURLWithPath: "/bin/sh"),
            arguments: [script.path, context.package.directoryURL.path, output.appending(path: "Commit.swift").path],
            outputFilesDirectory: output)]
    }
}
