import ArgumentParser
import Deployment
import Execution
import Rendering

/// Runs an `apply` request from the command line: Ctrl-C (SIGINT, SIGTERM, SIGHUP) interrupts
/// it, the summary is printed, and the command exits with the run's status.
enum RunCommandLine {
    static func apply(_ request: ApplyRequest, console: Console, quiet: Bool = false, reports: [ReportRequest] = []) async throws {
        let control = RunControl()
        let listener = ConsoleListener(console: console, quiet: quiet)
        var request = request
        request.options.approval = listener.approvalGate(request.options.approval)
        let signals = InterruptSignals { number, count in
            if count == 1 {
                listener.aside { console.progress(console.errorStyle.warning("\(InterruptSignals.name(number)): stopping running steps…")) }
                control.interrupt()
            } else {
                control.abandonUndo()
                listener.aside {
                    console.progress(console.errorStyle.failure("\(InterruptSignals.name(number)) again: every step's processes killed (SIGKILL) and undo abandoned; "
                        + "what it had not restored stays half-done"))
                }
            }
        }
        defer { signals.stop() }
        defer { listener.finish() }
        let result = try await Deployment.apply(request, listener: listener, control: control)
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
        RunReportWriter.finish(result, reports: reports, console: console)
        if let upload = result.journalUpload { JournalUploadText.show(upload, runID: result.runID, journal: result.journal, console: console) }
        for warning in result.notificationWarnings { console.progress(console.errorStyle.warning("warning: ") + warning) }
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
