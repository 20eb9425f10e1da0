import Foundation

/// Runs a program (the built `bosun`, `aws`, `az`, `kubectl`) as an argv array and collects what
/// it printed and how it exited.
struct CLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var output: String { stdout + stderr }
    }

    /// The `bosun` built beside these tests (`swift build --build-tests`, any scratch path);
    /// `BOSUN_BINARY` overrides.
    static var bosun: String {
        if let binary = ProcessInfo.processInfo.environment["BOSUN_BINARY"] { return binary }
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        // On Linux the tests run from <scratch>/debug/BosunPackageTests.xctest; on macOS from
        // <scratch>/debug/BosunPackageTests.xctest/Contents/MacOS/, three folders further in.
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("bosun").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return "bosun"
    }

    static func run(
        _ argv: [String], in directory: String, environment: [String: String], stdin: String? = nil
    ) async throws -> Result {
        try await offThePool { try runBlocking(argv, in: directory, environment: environment, stdin: stdin) }
    }

    private static func runBlocking(
        _ argv: [String], in directory: String, environment: [String: String], stdin: String?
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try resolve(argv[0], path: environment["PATH"] ?? ""))
        process.arguments = Array(argv.dropFirst())
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = environment
        // Output goes to files, not pipes: nothing to drain while the program runs.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out"), err = folder.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        if let stdin {
            let input = Pipe()
            process.standardInput = input
            try process.run()
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        } else {
            process.standardInput = FileHandle.nullDevice
            try process.run()
        }
        process.waitUntilExitNoticed()
        return Result(status: process.terminationStatus, stdout: try String(contentsOf: out, encoding: .utf8),
                      stderr: try String(contentsOf: err, encoding: .utf8))
    }

    private static func resolve(_ program: String, path: String) throws -> String {
        if program.contains("/") { return program }
        for folder in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/\(program)") {
            return "\(folder)/\(program)"
        }
        throw TestTools.Missing(description: "\(program) is not on PATH: run `make deps`")
    }
}
