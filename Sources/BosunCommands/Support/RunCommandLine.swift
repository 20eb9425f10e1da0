import ArgumentParser
import Deployment
import Execution
import Rendering

/// Runs an `apply` request from the command line: Ctrl-C (SIGINT, SIGTERM, SIGHUP) interrupts
/// it, the summary is printed, and the command exits with the run's status.
enum RunCommandLine {
    static func apply(_ request: ApplyRequest, console: Console) async throws {
        let control = RunControl()
        let signals = InterruptSignals { number, count in
            if count == 1 {
                console.progress(console.errorStyle.warning("\(InterruptSignals.name(number)): stopping running steps…"))
                control.interrupt()
            } else {
                control.abandonUndo()
                console.progress(console.errorStyle.failure("\(InterruptSignals.name(number)) again: every step's processes killed (SIGKILL) and undo abandoned; "
                    + "what it had not restored stays half-done"))
            }
        }
        defer { signals.stop() }
        let result = try await Deployment.apply(request, listener: ConsoleListener(console: console), control: control)
        console.line("")
        let report = result.report
        console.output(RunSummaryRenderer.render(
            runID: result.runID, outcome: report.outcome, duration: report.duration, records: report.records,
            deployments: report.deployments, journal: result.journal, style: console.style))
        if result.journal == nil { console.line(console.style.dim("dry run: nothing was started, journaled or locked")) }
        // A refused cluster lock stops the run at its lock step: said where errors go, with the holder.
        if let lock = report.records.first(where: { $0.kind == .clusterLock && $0.state == .failed }), let message = lock.message {
            console.error(message)
        }
        if let upload = result.journalUpload { JournalUploadText.show(upload, runID: result.runID, journal: result.journal, console: console) }
        if let failure = result.journalFailure {
            // What ran is not all on disk: `show` and `--resume` cannot be trusted for this run.
            console.error("\(failure)\n  the journal of run \(result.runID) is incomplete: no step started after the failure, "
                + "but what the steps before it did may be missing from it; check the environment before resuming")
        }
        if result.exitStatus != 0 { throw ExitCode(result.exitStatus) }
    }

    /// Runs a command's work so that Ctrl-C (SIGINT, SIGTERM, SIGHUP) stops it: its connect steps
    /// through `control`, everything else by cancelling the task (a kubectl child gets SIGTERM).
    static func interruptible<Value: Sendable>(_ body: @escaping @Sendable (RunControl) async throws -> Value) async throws -> Value {
        let control = RunControl()
        let task = Task { try await body(control) }
        let signals = InterruptSignals { _, _ in
            control.interrupt()
            task.cancel()
        }
        defer { signals.stop() }
        let value = try await task.value
        if task.isCancelled { throw ExitCode(ExitStatus.interrupted.rawValue) }
        return value
    }
}
