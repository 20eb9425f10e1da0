import Foundation
import Testing

/// Runs the built `bosun` executable as a user would, capturing its output and exit status.
/// (The CLI is tested as a process on purpose: exit statuses and signals are part of its contract.)
struct BosunProcess {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `swift build --build-tests` builds it beside the tests; `BOSUN_BINARY` overrides.
    static var binary: String {
        ProcessInfo.processInfo.environment["BOSUN_BINARY"] ?? repositoryRoot.appendingPathComponent(".build/debug/bosun").path
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `bosun arguments…` in `directory` with NO_COLOR set (plain output, as CI sees it).
    /// With `shell`, the arguments go to `/bin/sh` instead (to set a `ulimit` before bosun starts).
    static func run(_ arguments: [String], in directory: String, environment extra: [String: String] = [:], shell: Bool = false) async throws -> Result {
        try await start(arguments, in: directory, environment: extra, shell: shell).finish()
    }

    /// A started `bosun` whose output is drained in the background (so a chatty run never blocks).
    /// Each pipe is read to its end by a thread of its own, so no byte read can arrive after the
    /// result was made (readability handlers could still be running when they were removed).
    final class Running: @unchecked Sendable {
        let process: Process
        private let stdoutPipe = Pipe()
        private let stderrPipe = Pipe()
        private let lock = NSLock()
        private var out = Data()
        private var err = Data()
        private let drained = DispatchGroup()

        init(process: Process) {
            self.process = process
            process.standardOutput = stdoutPipe
            process.standardError = stderrPipe
        }

        /// Starts the readers; called once the process runs (its ends of the pipes are open).
        func drain() {
            for (pipe, isError) in [(stdoutPipe, false), (stderrPipe, true)] {
                let handle = pipe.fileHandleForReading
                drained.enter()
                Thread.detachNewThread { [self] in
                    while true {
                        let data = handle.availableData
                        if data.isEmpty { break }
                        lock.withLock { if isError { err.append(data) } else { out.append(data) } }
                    }
                    drained.leave()
                }
            }
        }

        var stderrSoFar: String { lock.withLock { String(decoding: err, as: UTF8.self) } }
        var stdoutSoFar: String { lock.withLock { String(decoding: out, as: UTF8.self) } }

        /// Waits for the process on a Dispatch thread: blocking the test's own thread would starve
        /// Swift's small cooperative pool (2 threads on CI), and with it every concurrent test.
        func finish() async -> Result {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async { continuation.resume(returning: self.waitForExit()) }
            }
        }

        private func waitForExit() -> Result {
            process.waitUntilExitNoticed()
            // A process it left behind may hold the pipes open: its output is not waited for long.
            _ = drained.wait(timeout: .now() + 5)
            return lock.withLock {
                Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self),
                       stderr: String(decoding: err, as: UTF8.self))
            }
        }
    }

    /// With `withoutTerminal`, bosun runs in a new session (setsid) so that it has no controlling
    /// terminal to ask approvals on, as under CI, even when the tests run from a terminal.
    static func start(
        _ arguments: [String], in directory: String, environment extra: [String: String] = [:], withoutTerminal: Bool = false,
        shell: Bool = false
    ) throws -> Running {
        let process = Process()
        if shell {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = arguments
        } else if withoutTerminal {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/setsid")
            process.arguments = ["--wait", binary] + arguments
        } else {
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: "BOSUN_STATE_DIR")
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        let running = Running(process: process)
        try process.run()
        running.drain()
        return running
    }
}

/// A temporary project folder (in no git repository, with no `providers/`: the built-in profiles
/// serve) holding the given plan, removed after the test.
struct Project {
    let folder: String

    init(plan: String, files: [String: String] = [:]) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-test-\(UUID().uuidString)").path
        let manager = FileManager.default
        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try plan.write(toFile: folder + "/plan.yaml", atomically: true, encoding: .utf8)
        for (path, contents) in files {
            let url = URL(fileURLWithPath: folder + "/" + path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try contents.write(to: url, atomically: true, encoding: .utf8)
        }
    }

    func run(_ arguments: [String], environment: [String: String] = [:], withoutTerminal: Bool = false) async throws -> BosunProcess.Result {
        try await BosunProcess.start(arguments, in: folder, environment: environment, withoutTerminal: withoutTerminal).finish()
    }

    func start(_ arguments: [String]) throws -> BosunProcess.Running {
        try BosunProcess.start(arguments, in: folder)
    }

    func path(_ relative: String) -> String { folder + "/" + relative }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    /// Waits (up to 60 s: the whole suite on 2 cores is slow to start a run) until a running step
    /// has written all of `files`: how tests know a step is under way before they signal or race it.
    func waitFor(_ files: String...) async throws {
        let deadline = Date().addingTimeInterval(60)
        while !files.allSatisfy(exists) && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
    }

    func read(_ relative: String) throws -> String { try String(contentsOfFile: path(relative), encoding: .utf8) }

    /// The `run.json` of the project's one run.
    func runJSON() throws -> [String: Any] {
        let runs = try FileManager.default.contentsOfDirectory(atPath: path(".bosun/runs"))
        #expect(runs.count == 1)
        let data = try Data(contentsOf: URL(fileURLWithPath: path(".bosun/runs/\(try #require(runs.first))/run.json")))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    /// A kubeconfig for `header`'s environment: kubectl steps are never run against it.
    static let kubeconfig = ["kube.yaml": "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n"]

    /// A plan header whose environment needs nothing installed (a kubectl profile over a file).
    static let header = """
        plan: demo
        vars: { greeting: hello }
        environments:
          local: { provider: kubectl, kubeconfig: kube.yaml }
        phases:

        """
}
