import ArgumentParser
import Sandbox

struct SandboxServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the sandbox server in the foreground (what `sandbox start` runs in the background).",
        shouldDisplay: false)

    @OptionGroup var state: StateOptions
    @OptionGroup var simulation: SimulationOptions

    @Option(help: "Port on 127.0.0.1 (default: a free one).") var port: Int = 0

    func run() async throws {
        let files = SandboxFiles(stateDirectory: state.resolvedStateDirectory)
        try await SandboxService.serve(files: files, settings: simulation.settings, port: port)
    }
}
