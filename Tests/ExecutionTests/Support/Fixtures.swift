import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import Execution
import PlanModel

/// A fresh folder under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appending(path: "bosun-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Runs a plan with options tuned for tests (short retry delays and grace period).
func execute(
    _ plan: CompiledPlan, runner: any CommandRunner, observer: any ExecutionObserver = EventRecorder(),
    concurrency: Int = 4, keepGoing: Bool = false, targets: [String] = []
) async -> RunReport {
    let options = ExecutionOptions(concurrency: concurrency, keepGoing: keepGoing, targets: targets,
                                   gracePeriod: 1, retryBaseDelay: 0.01)
    return await Executor(plan: plan, runner: runner, options: options, observer: observer).run()
}

/// Whether a process still runs. A zombie (killed, not yet reaped by its new parent) counts as gone.
enum ProcessProbe {
    static func isRunning(_ pid: pid_t) -> Bool {
        if kill(pid, 0) != 0 { return errno != ESRCH }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }

    /// Polls briefly: SIGKILL is delivered asynchronously.
    static func isGone(_ pid: pid_t, within seconds: Double = 3) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while ContinuousClock.now < deadline {
            if !isRunning(pid) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return !isRunning(pid)
    }

    static func pid(inFile path: String) -> pid_t? {
        (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
