import BosunBasics
import Foundation

/// Finds one run's journal in S3 (``JournalBucket``'s layout) and downloads its
/// ``SharedJournalFiles`` into a private temporary state folder laid out like a local one
/// (`<folder>/runs/<run>/`), so that ``RunStore`` reads it as any run of this machine.
package struct JournalDownload: Sendable {
    package let bucket: JournalBucket
    /// The run's plan and environment when known (`bosun show --plan --env`): its folder is then
    /// read directly; without them, the bucket's prefix is listed to find the run.
    package let scope: (plan: String, environment: String)?
    private let runner: any CommandRunner

    package init(bucket: JournalBucket, plan: String? = nil, environment: String? = nil, runner: any CommandRunner = SubprocessRunner()) {
        self.bucket = bucket
        if let plan, let environment { scope = (plan, environment) } else { scope = nil }
        self.runner = runner
    }

    /// Downloads run `runID` (a ``RunID/isSafe(_:)`` id), or the newest run when nil. The caller
    /// removes the folder (``DownloadedJournal/remove()``) once it has shown the run.
    package func fetch(_ runID: String?) async throws(JournalDownloadError) -> DownloadedJournal {
        if let runID, !RunID.isSafe(runID) { throw .invalidRunID(runID) }
        let folder: String
        do {
            folder = try PrivateFiles.temporaryFolder(prefix: "bosun-show")
        } catch {
            throw .local("cannot create a temporary folder: \(SystemErrorText.of(error))")
        }
        do {
            let aws = AWSCommandLine(runner: runner, workingDirectory: folder, purpose: "journal-download")
            let run = try await locate(runID, aws: aws, folder: folder)
            try await download(run, aws: aws, folder: folder)
            return DownloadedJournal(stateDir: folder, runID: run.runID, source: "s3://\(bucket.bucket)/" + run.key)
        } catch {
            try? FileManager.default.removeItem(atPath: folder)
            throw error
        }
    }

    /// Where to look, for messages: the environment's folder, or the whole prefix.
    private var searched: String {
        scope.map { bucket.environmentURL(plan: $0.plan, environment: $0.environment) } ?? bucket.url
    }

    private func locate(_ runID: String?, aws: AWSCommandLine, folder: String) async throws(JournalDownloadError) -> RemoteRun {
        if let runID, let scope {
            return RemoteRun(runID: runID, key: bucket.runKey(plan: scope.plan, environment: scope.environment, runID: runID))
        }
        let runs = try await list(aws: aws, folder: folder)
        guard let runID else {
            guard let newest = runs.first else { throw .noRuns(searched: searched) }
            return newest
        }
        let matches = runs.filter { $0.runID == runID }
        guard matches.count <= 1 else { throw .ambiguous(runID: runID, folders: matches.map { "s3://\(bucket.bucket)/" + $0.key }) }
        guard let match = matches.first else { throw .notFound(runID: runID, searched: searched, newest: runs.prefix(5).map(\.runID)) }
        return match
    }

    /// The runs under the searched folder, newest first.
    private func list(aws: AWSCommandLine, folder: String) async throws(JournalDownloadError) -> [RemoteRun] {
        let prefix = scope.map { bucket.environmentKey(plan: $0.plan, environment: $0.environment) } ?? bucket.keyPrefix
        let output = folder + "/listing.json"
        defer { try? FileManager.default.removeItem(atPath: output) }
        if let failure = await aws.run(["s3api", "list-objects-v2", "--bucket", bucket.bucket, "--prefix", prefix,
                                        "--query", "Contents[].Key", "--output", "json"], stdoutFile: output) {
            throw .aws("cannot list \(searched): \(failure)")
        }
        return RemoteRunListing.runs(in: FileManager.default.contents(atPath: output) ?? Data(), bucket: bucket)
    }

    private func download(_ run: RemoteRun, aws: AWSCommandLine, folder: String) async throws(JournalDownloadError) {
        let target = folder + "/runs/" + run.runID
        let source = "s3://\(bucket.bucket)/" + run.key
        if let failure = await aws.run(["s3", "cp", "--recursive", "--only-show-errors", source, target + "/"] + SharedJournalFiles.copyFilters) {
            throw .aws("cannot download \(source): \(failure)")
        }
        // Nothing there: `aws s3 cp` of an empty prefix succeeds without a file.
        guard SharedJournalFiles.list(in: target).isEmpty else { return }
        let newest = (try? await list(aws: aws, folder: folder))?.prefix(5).map(\.runID) ?? []
        throw .notFound(runID: run.runID, searched: searched, newest: newest)
    }
}

/// A run's journal downloaded from S3 into a private temporary state folder.
package struct DownloadedJournal: Sendable {
    /// Read it with `RunStore(stateDir:)`.
    package let stateDir: String
    package let runID: String
    /// `s3://…/<run>/`, where it came from.
    package let source: String

    package func remove() {
        try? FileManager.default.removeItem(atPath: stateDir)
    }
}

/// Why a run could not be read from S3, with where Bosun looked.
package enum JournalDownloadError: Error, Sendable, CustomStringConvertible {
    case invalidRunID(String)
    case notFound(runID: String, searched: String, newest: [String])
    case noRuns(searched: String)
    case ambiguous(runID: String, folders: [String])
    case aws(String)
    case local(String)

    package var description: String {
        switch self {
        case .invalidRunID(let runID):
            return "'\(runID)' is not a run id\n  hint: run ids are letters, digits, '-', '_' and '.', such as 20261122-181530-3f9a"
        case .notFound(let runID, let searched, let newest):
            let hint = newest.isEmpty ? "there are no runs there" : "newest runs there: " + newest.joined(separator: ", ")
            return "no run '\(runID)' in \(searched)\n  hint: \(hint)"
        case .noRuns(let searched):
            return "no runs in \(searched), so `last` names none"
        case .ambiguous(let runID, let folders):
            return "run '\(runID)' is in more than one folder: " + folders.joined(separator: ", ")
                + "\n  hint: name its plan and environment with --plan FILE --env ENV"
        case .aws(let message), .local(let message):
            return message
        }
    }
}
