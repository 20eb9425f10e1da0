import ArgumentParser
import Sandbox

struct SandboxStopCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stop",
        abstract: "Stop the sandbox (SIGTERM, then SIGKILL after 5 s) and remove its files; its objects are gone.")

    @OptionGroup var state: StateOptions

    func run() async throws {
        let console = Console()
        let control = SandboxControl(stateDirectory: state.resolvedStateDirectory)
        if let record = await control.stop() {
            console.line("sandbox stopped (pid \(record.pid), port \(record.port))")
        } else {
            console.line("sandbox not running")
        }
    }
}
