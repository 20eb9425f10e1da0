import BosunBasics
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Uploads one ended run's journal to S3, into its folder of ``JournalBucket``'s layout. Only
/// ``SharedJournalFiles`` go: they are gathered into a private temporary folder (hard links where
/// the file system allows, copies otherwise) and one `aws s3 cp --recursive` uploads that folder,
/// so the aws CLI never walks the rest of the run folder (its workspace, kubeconfig, plan files).
package struct JournalUpload: Sendable {
    package let bucket: JournalBucket
    package let runDirectory: String
    package let planName: String
    package let environment: String
    package let runID: String
    private let runner: any CommandRunner

    package init(bucket: JournalBucket, runDirectory: String, planName: String, environment: String, runID: String,
                 runner: any CommandRunner = SubprocessRunner()) {
        self.bucket = bucket
        self.runDirectory = runDirectory
        self.planName = planName
        self.environment = environment
        self.runID = runID
        self.runner = runner
    }

    /// `s3://BUCKET/PREFIX/<plan>/<environment>/<run>/`.
    package var destination: String { bucket.runURL(plan: planName, environment: environment, runID: runID) }

    /// Uploads the journal. Never throws: a failure is an outcome to report, never a reason to
    /// change how the run ended (its journal stays on this machine either way).
    package func run() async -> JournalUploadOutcome {
        guard RunID.isSafe(runID) else { return .failed(destination: destination, reason: "'\(runID)' cannot name a folder in S3") }
        let files = SharedJournalFiles.list(in: runDirectory)
        guard !files.isEmpty else { return .failed(destination: destination, reason: "the run folder \(runDirectory) holds no journal") }
        let staging: String
        do {
            staging = try PrivateFiles.temporaryFolder(prefix: "bosun-upload-\(runID)")
        } catch {
            return .failed(destination: destination, reason: "cannot create a temporary folder: \(SystemErrorText.of(error))")
        }
        defer { try? FileManager.default.removeItem(atPath: staging) }
        do {
            try gather(files, into: staging)
        } catch {
            return .failed(destination: destination, reason: "cannot gather the journal's files: \(SystemErrorText.of(error))")
        }
        let aws = AWSCommandLine(runner: runner, workingDirectory: staging, purpose: "journal-upload")
        if let failure = await aws.run(["s3", "cp", "--recursive", "--only-show-errors", staging + "/", destination]) {
            return .failed(destination: destination, reason: failure.description)
        }
        return .uploaded(destination: destination, files: files.count)
    }

    private func gather(_ files: [String], into staging: String) throws {
        try PrivateFiles.createFolder(staging + "/" + SharedJournalFiles.logsFolder)
        for file in files {
            let (source, target) = (runDirectory + "/" + file, staging + "/" + file)
            guard link(source, target) != 0 else { continue }
            try FileManager.default.copyItem(atPath: source, toPath: target)
        }
    }
}

/// How a journal's upload ended.
package enum JournalUploadOutcome: Sendable, Equatable {
    case uploaded(destination: String, files: Int)
    /// `reason`: the aws CLI's own words when it failed, masked once ``masked(by:)``.
    case failed(destination: String, reason: String)

    package var destination: String {
        switch self {
        case .uploaded(let destination, _), .failed(let destination, _): destination
        }
    }

    /// The outcome with the plan's secrets masked in what the aws CLI said (an endpoint or a
    /// profile named by a secret variable could appear there).
    package func masked(by redactor: Redactor) -> JournalUploadOutcome {
        guard case .failed(let destination, let reason) = self else { return self }
        return .failed(destination: redactor.redact(destination), reason: redactor.redact(reason))
    }
}
