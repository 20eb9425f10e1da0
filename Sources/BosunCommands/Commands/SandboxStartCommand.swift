import ArgumentParser
import BosunBasics
import Execution
import Foundation
import Sandbox

struct SandboxStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "start",
        abstract: "Start the sandbox in the background (or report the one already running).",
        discussion: """
            Records pid and port in <state-dir>/sandbox/server.json and writes <state-dir>/sandbox/kubeconfig. \
            Without --port, the port the last sandbox of this state folder used is taken again when it is \
            free (else any free port). Services answer health checks at \
            http://<service>.<namespace>.localhost:<port>/ (200 once a pod they select is Ready, 503 before; \
            *.localhost needs no DNS), which is what a plan's checks and rollout health URLs use.
            """)

    @OptionGroup var state: StateOptions
    @OptionGroup var simulation: SimulationOptions
    @Option(help: ArgumentHelp("Port on 127.0.0.1 (0: any free one; default: the last one used, when free).", valueName: "port"))
    var port: Int?

    func validate() throws {
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be between 0 and 65535, got \(port)") }
    }

    func run() async throws {
        let console = Console()
        let control = SandboxControl(stateDirectory: state.resolvedStateDirectory)
        do {
            if let record = control.running() {
                if let port, port != 0, port != record.port {
                    throw CommandFailure("the sandbox is already running on port \(record.port) (pid \(record.pid)); `bosun sandbox stop` first to move it to \(port)")
                }
                return report(record, files: control.files, started: false, console: console)
            }
            // Refused before anything is written.
            let chosen = try PortChoice.choose(requested: port, files: control.files)
            // The state folder is the owner's only, whichever command makes it first.
            try PrivateFiles.secureStateFolder(state.resolvedStateDirectory)
            try PrivateFiles.createFolder(control.files.directory.path)
            let serve = ["sandbox", "serve", "--state-dir", state.resolvedStateDirectory, "--port", String(chosen)] + simulation.arguments
            switch try await control.start(executable: Self.executablePath, serveArguments: serve) {
            case .started(let record): report(record, files: control.files, started: true, console: console)
            case .alreadyRunning(let record): report(record, files: control.files, started: false, console: console)
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(error)")
        }
    }

    private func report(_ record: ServerRecord, files: SandboxFiles, started: Bool, console: Console) {
        console.line("sandbox \(started ? "started" : "already running"): \(record.url) (pid \(record.pid))")
        console.line("kubeconfig: \(files.kubeconfig.path)")
        console.line("health checks: http://<service>.<namespace>.localhost:\(record.port)/")
    }

    /// This very binary, so the server is the same build as the command that started it.
    static var executablePath: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    }
}
