import ArgumentParser
import Deployment
import Execution
import Foundation
import Rendering

struct ShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one run: what ran, how each step ended, and optionally its output.",
        discussion: """
            RUN is a run id from `bosun runs`, or `last` for the newest run. A run that is not in the \
            state folder (one journaled on another machine) is read from S3 when the bucket is known: \
            --plan FILE --env ENV of a plan with `state: { s3: BUCKET/PREFIX }`, or --s3 BUCKET/PREFIX. \
            The aws CLI downloads it with its own credentials and endpoint (see docs/journals-in-s3.md).
            --format renders the run as a report (docs/reports.md): junit (JUnit XML, one suite per \
            phase), gitlab (a GitLab code-quality report of the failed steps), github (GitHub Actions \
            annotations of the failed steps), html (a self-contained page: the DAG, the timeline with \
            its critical path, each step's log; `> run.html`); text and json as before.
            """)

    @Argument(help: "The run id, or `last`.") var runID: String
    @OptionGroup var state: StateOptions
    @OptionGroup var bucket: JournalBucketOptions
    @Flag(help: "Also print each step's log (commands and output).") var logs = false
    @Flag(help: "Print JSON (the run and its step records) instead of text; the same as --format json.") var json = false
    @Option(help: "Output format: text, json, junit, gitlab, github or html.") var format: Format = .text

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, junit, gitlab, github, html

        var report: RunReportFormat? { RunReportFormat(rawValue: rawValue) }
    }

    private var chosenFormat: Format { json ? .json : format }

    func validate() throws {
        if json && format != .text && format != .json {
            throw ValidationError("--json and --format \(format.rawValue) ask for two formats: give one")
        }
        if logs && chosenFormat != .text {
            throw ValidationError("--logs goes with the text format: the \(chosenFormat.rawValue) report has each step's log already, or none")
        }
        // It names a folder here and a key in S3: never a path.
        guard runID == RunReference.newest || (!runID.isEmpty && !runID.contains("/") && !runID.hasPrefix(".")) else {
            throw ValidationError("'\(runID)' is not a run id: run ids have no '/' and do not start with '.'")
        }
    }

    func run() async throws {
        let console = Console()
        let remote = try bucket.remote()
        let store = RunStore(stateDir: bucket.planFile.map(state.directory(forPlan:)) ?? state.resolvedStateDirectory)
        let missing: String
        switch localRun(in: store, remote: remote) {
        case .found(let metadata, let records):
            return try show(metadata, records, store: store, console: console)
        case .unreadable(let message):
            throw CommandFailure(message)
        case .missing(let message):
            missing = message
        }
        guard let remote else { throw CommandFailure(missing + "\n  hint: " + bucket.missingBucketHint) }
        try await showRemote(from: remote, notHere: store.runsDirectory, console: console)
    }

    private enum LocalRun {
        case found(RunMetadata, [StepRecord])
        case missing(String)
        case unreadable(String)
    }

    /// The run in this machine's state folder; `last` is the newest of the plan and environment
    /// when they are given.
    private func localRun(in store: RunStore, remote: RemoteJournals?) -> LocalRun {
        do {
            let id = try RunReference(runID).resolve(in: store, planName: remote?.planName, environment: remote?.environment)
            let (metadata, records) = try store.load(id)
            return .found(metadata, records)
        } catch let error as RunStoreError {
            if case .unknownRun = error { return .missing(error.description) }
            return .unreadable(error.description)
        } catch {
            return .missing("\(error)")
        }
    }

    /// Downloads the run into a private temporary folder, shows it as a local one, removes the folder.
    private func showRemote(from remote: RemoteJournals, notHere: String, console: Console) async throws {
        let downloaded: DownloadedJournal
        do {
            downloaded = try await remote.download.fetch(runID == RunReference.newest ? nil : runID)
        } catch {
            throw CommandFailure(Self.notDownloaded(error, runID: runID, notHere: notHere))
        }
        defer { downloaded.remove() }
        console.progress(console.errorStyle.dim("run \(downloaded.runID) from \(downloaded.source)"))
        let store = RunStore(stateDir: downloaded.stateDir)
        do {
            let (metadata, records) = try store.load(downloaded.runID)
            try show(metadata, records, store: store, console: console)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("run \(downloaded.runID) from \(downloaded.source): \(error)")
        }
    }

    /// Why the run could not be read from S3, saying that it is not here either.
    private static func notDownloaded(_ error: JournalDownloadError, runID: String, notHere: String) -> String {
        switch error {
        case .notFound(let runID, let searched, let newest):
            let hint = newest.isEmpty ? "there are no runs there" : "newest runs there: " + newest.joined(separator: ", ")
            return "no run '\(runID)' in \(notHere) nor in \(searched)\n  hint: \(hint)"
        case .noRuns(let searched):
            return "no runs in \(notHere) nor in \(searched), so `last` names none"
        default:
            return "run '\(runID)' is not in \(notHere), and S3 could not be read: \(error)"
        }
    }

    private func show(_ metadata: RunMetadata, _ records: [StepRecord], store: RunStore, console: Console) throws {
        if let report = chosenFormat.report {
            let timeline: RunTimeline
            do {
                timeline = try RunTimeline.load(metadata.runID, from: store)
            } catch {
                throw CommandFailure("run \(metadata.runID) cannot be reported: \(error)")
            }
            return console.output(report.render(timeline, hostname: ProcessInfo.processInfo.hostName))
        }
        if chosenFormat == .json {
            console.output(RunDocument.json(metadata: metadata, steps: records) + "\n")
            return
        }
        console.output(RunDetailRenderer.render(metadata: metadata, records: records, style: console.style))
        guard logs else { return }
        let logs = store.logs(runID: metadata.runID, steps: records.map(\.id))
        for record in records {
            guard let text = logs[record.id] else { continue }
            console.line("")
            console.line(console.style.bold("── \(record.id) ──"))
            console.output(text)
        }
    }
}
