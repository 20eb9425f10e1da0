import ArgumentParser
import Execution
import Sandbox

struct SandboxStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Say whether the sandbox runs, where, and how many objects of each kind it holds.",
        discussion: "Exit status 0 when it runs, 1 when it does not.")

    @OptionGroup var state: StateOptions

    func run() async throws {
        let console = Console()
        let control = SandboxControl(stateDirectory: state.resolvedStateDirectory)
        guard let record = control.running() else {
            console.line("sandbox not running")
            throw ExitStatus.failure.exitCode
        }
        console.line("sandbox running: \(record.url) (pid \(record.pid), since \(record.startedAt))")
        console.line("kubeconfig: \(control.files.kubeconfig.path)")
        guard let counts = await control.objectCounts(record) else {
            console.line("objects: unknown (the server does not answer)")
            throw ExitStatus.failure.exitCode
        }
        let listed = counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        console.line("objects: \(listed)")
    }
}
