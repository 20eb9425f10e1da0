import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `bosun` on a pseudo-terminal (openpty), as a person runs it: standard input, output and error
/// are the terminal, and it is the process's controlling terminal too (a new session, `setsid
/// --ctty`), so approvals ask on it. What bosun writes is read from the terminal's other side as
/// fast as it comes; what the test types goes in there.
final class TerminalSession: @unchecked Sendable {
    let process = Process()
    private let master: Int32
    private let lock = NSLock()
    private var bytes = Data()
    /// The terminal's side is closed (under `lock`): nothing more is written to its number.
    private var closed = false
    private let drained = DispatchSemaphore(value: 0)

    init(_ arguments: [String], in directory: String, columns: UInt16 = 100, rows: UInt16 = 30) throws {
        var master: Int32 = -1
        var slave: Int32 = -1
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        self.master = master
        let terminal = FileHandle(fileDescriptor: slave, closeOnDealloc: false)
        process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
        process.arguments = ["--ctty", "--wait", BosunProcess.binary] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "NO_COLOR")
        environment.removeValue(forKey: "BOSUN_STATE_DIR")
        environment["TERM"] = "xterm-256color"
        process.environment = environment
        (process.standardInput, process.standardOutput, process.standardError) = (terminal, terminal, terminal)
        defer { close(slave) }  // bosun holds the terminal now: reading ends when it (and its children) close it
        try process.run()
        Thread.detachNewThread { [self] in readUntilClosed() }
    }

    private func readUntilClosed() {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(master, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }  // EIO: every descriptor of the other side is closed
            lock.withLock { bytes.append(contentsOf: chunk[..<count]) }
        }
        // Closed here, by its only reader, once reading is over: closed from another thread while
        // this one may still read, its number could be reused by the next descriptor the process
        // opens (libdispatch's among them) and read from here (CI saw libdispatch crash once).
        lock.withLock {
            closed = true
            close(master)
        }
        drained.signal()
    }

    /// Everything written to the terminal so far, escape sequences included.
    var output: String { lock.withLock { String(decoding: bytes, as: UTF8.self) } }

    /// Types `text` on the terminal.
    func type(_ text: String) {
        var text = text
        lock.withLock {
            guard !closed else { return }
            _ = text.withUTF8 { write(master, $0.baseAddress, $0.count) }
        }
    }

    /// Waits (up to `seconds`) until the output contains `text`.
    func waitFor(_ text: String, seconds: Double = 30) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !output.contains(text) {
            guard Date() < deadline, process.isRunning else { return output.contains(text) }
            try await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Waits for bosun to exit and for its last output; the exit status and the raw output.
    func finish() async -> (status: Int32, output: String) {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                self.process.waitUntilExitNoticed()
                _ = self.drained.wait(timeout: .now() + 30)
                continuation.resume(returning: (self.process.terminationStatus, self.output))
            }
        }
    }

    /// The lines of `raw` as they read without the terminal's controls: `\r` and CSI sequences
    /// (colours, cursor movement, erasing) removed.
    static func lines(_ raw: String) -> [String] {
        // Foundation's replacing works on UTF-16, so a "\r\n" (one Character in Swift) loses its "\r".
        raw.replacingOccurrences(of: "\r", with: "").replacing(/\x{1B}\[[0-9;?]*[A-Za-z]/, with: "")
            .components(separatedBy: "\n")
    }
}
