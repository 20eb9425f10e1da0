#if os(Linux)
import CProcessSpawn
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Starts one child process for ``ProcessReactor``, on the reactor's thread: makes the pipes and
/// spawns the program (already found on PATH by the caller) in its own process group, with the
/// environment and working directory asked for. Every descriptor is created close-on-exec, so
/// children started at the same moment never inherit each other's pipes (which would keep a pipe
/// from reaching its end).
struct ChildSpawner: Sendable {
    struct Started {
        let pid: pid_t
        /// The parent's ends: output pipes (non-blocking), and standard input's write end.
        let pipes: [OutputLine.Stream: Int32]
        let input: Int32?
    }

    enum Failure: Error, Sendable {
        case notFound
        case noDirectory
        case cannotStart(Int32)
        case cannotWrite(String, Int32)
    }

    /// The program's file, as ``ProgramLookup`` found it.
    let path: String
    let argv: [String]
    /// The child's whole environment as `NAME=value` entries; nil passes Bosun's own through
    /// unchanged (no copy). Built by the caller, so the reactor's thread only spawns.
    let environment: [String]?
    let workingDirectory: String
    /// Standard output goes to this file (created, owner-only) instead of a pipe.
    let stdoutFile: String?
    let feedsInput: Bool

    func spawn() throws(Failure) -> Started {
        // The child's ends are closed once it has them; the parent's too if it never starts.
        var childEnds: [Int32] = []
        var parentEnds: [Int32] = []
        var started = false
        defer {
            childEnds.forEach { _ = close($0) }
            if !started { parentEnds.forEach { _ = close($0) } }
        }

        var stdin = Self.devNull
        var input: Int32?
        if feedsInput {
            let ends = try Self.pipe(nonBlocking: .write)
            childEnds.append(ends.read)
            parentEnds.append(ends.write)
            (stdin, input) = (ends.read, ends.write)
        }
        var pipes: [OutputLine.Stream: Int32] = [:]
        let stdout: Int32
        if let stdoutFile {
            stdout = try Self.create(stdoutFile)
            childEnds.append(stdout)
        } else {
            let ends = try Self.pipe(nonBlocking: .read)
            childEnds.append(ends.write)
            parentEnds.append(ends.read)
            (stdout, pipes[.stdout]) = (ends.write, ends.read)
        }
        let errors = try Self.pipe(nonBlocking: .read)
        childEnds.append(errors.write)
        parentEnds.append(errors.read)
        pipes[.stderr] = errors.read

        var pid: pid_t = 0
        let code = CStrings.withArray(argv) { argv in
            withEnvironment { envp in
                bosun_spawn(path, argv, envp, workingDirectory, stdin, stdout, errors.write, &pid)
            }
        }
        guard code == 0 else {
            // ENOENT from a program that was just found: its folder or its #! interpreter is missing.
            if code == ENOENT && !FileManager.default.fileExists(atPath: workingDirectory) { throw .noDirectory }
            throw .cannotStart(code)
        }
        started = true
        return Started(pid: pid, pipes: pipes, input: input)
    }

    private func withEnvironment<R>(_ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        guard let environment else { return body(bosun_environ()!) }
        return CStrings.withArray(environment, body)
    }

    // MARK: Descriptors

    private enum End { case read, write }

    /// /dev/null, opened once, for children that read nothing.
    private static let devNull: Int32 = open("/dev/null", O_RDONLY | O_CLOEXEC)

    private static func pipe(nonBlocking end: End) throws(Failure) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        guard bosun_pipe_cloexec(&fds) == 0 else { throw .cannotStart(errno) }
        // Only the parent's end: the child gets an ordinary blocking descriptor.
        let parent = end == .read ? fds[0] : fds[1]
        _ = fcntl(parent, F_SETFL, fcntl(parent, F_GETFL) | O_NONBLOCK)
        return (fds[0], fds[1])
    }

    private static func create(_ path: String) throws(Failure) -> Int32 {
        let folder = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Owner-only: redirected output is typically a kubeconfig, which carries credentials.
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw .cannotWrite(path, errno) }
        return fd
    }
}

/// NULL-terminated C string arrays for exec, freed after use.
enum CStrings {
    static func withArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
        pointers.append(nil)
        defer { pointers.forEach { free($0) } }
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }
}

/// The environment a child gets: this process's own, unchanged when a command adds nothing
/// (nil: passed through as it is, no copy), otherwise with the command's variables set over it.
enum ChildEnvironment {
    static func entries(adding extra: [String: String]) -> [String]? {
        guard !extra.isEmpty else { return nil }
        var entries: [String] = []
        var index = 0
        let environ = bosun_environ()!
        while let entry = environ[index] {
            let text = String(cString: entry)
            let name = text.prefix { $0 != "=" }
            if extra[String(name)] == nil { entries.append(text) }
            index += 1
        }
        for (name, value) in extra.sorted(by: { $0.key < $1.key }) { entries.append("\(name)=\(value)") }
        return entries
    }
}
#endif
