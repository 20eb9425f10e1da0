import Foundation

/// The body of `bosun sandbox serve`: serves until SIGTERM or SIGINT, recording itself in the
/// state folder once it listens and removing that record when it stops. State lives only in this
/// process, so stopping it forgets every object.
package enum SandboxService {
    package static func serve(files: SandboxFiles, settings: SimulationSettings, port: Int = 0) async throws {
        let signals = [SIGTERM, SIGINT].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                // Nothing to flush: the objects are meant to vanish with the process.
                files.removeRunning()
                _exit(0)  // no atexit work: NIO threads are still running
            }
            source.resume()
            return source
        }
        defer { signals.forEach { $0.cancel() } }
        try await SandboxServer.run(settings: settings, port: port) { boundPort in
            do {
                try files.writeRunning(ServerRecord(pid: getpid(), port: boundPort))
                SandboxLog.line("bosun sandbox serving http://127.0.0.1:\(boundPort) (pid \(getpid()))")
            } catch {
                SandboxLog.line("cannot record the sandbox in \(files.directory.path): \(error)")
                exit(1)
            }
        }
    }
}

/// Lines for the server's log file, written unbuffered so the log is current.
enum SandboxLog {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
