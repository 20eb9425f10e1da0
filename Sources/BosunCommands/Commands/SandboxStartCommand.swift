import ArgumentParser
import BosunBasics
import Foundation
import Sandbox

struct SandboxStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the sandbox in the background (or report the one already running).",
        discussion: "Records pid and port in <state-dir>/sandbox/server.json and writes <state-dir>/sandbox/kubeconfig.")

    @OptionGroup var state: StateOptions
    @OptionGroup var simulation: SimulationOptions

    func run() async throws {
        let console = Console()
        let control = SandboxControl(stateDirectory: state.resolvedStateDirectory)
        let serve = ["sandbox", "serve", "--state-dir", state.resolvedStateDirectory] + simulation.arguments
        do {
            // The state folder is the owner's only, whichever command makes it first.
            try PrivateFiles.secureStateFolder(state.resolvedStateDirectory)
            try PrivateFiles.createFolder(control.files.directory.path)
            switch try await control.start(executable: Self.executablePath, serveArguments: serve) {
            case .started(let record):
                console.line("sandbox started: \(record.url) (pid \(record.pid))")
            case .alreadyRunning(let record):
                console.line("sandbox already running: \(record.url) (pid \(record.pid))")
            }
            console.line("kubeconfig: \(control.files.kubeconfig.path)")
        } catch {
            console.error("\(error)")
            throw BosunExit.failure.exitCode
        }
    }

    /// This very binary, so the server is the same build as the command that started it.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}
