import BosunBasics
import Execution
import Foundation

/// Uploads an ended run's journal to the plan's `state: { s3: … }`, so that `bosun show RUN`
/// works from any machine. Runs after the run, outside the environment's lock (the run folder is
/// complete and no later run writes into it), and whatever happens, the run ended as it ended: a
/// failed upload is reported in ``ApplyResult/journalUpload``, never in its exit status.
enum JournalPublishing {
    /// `result` with its ``ApplyResult/journalUpload`` filled in; unchanged when the plan asks for
    /// no upload or nothing was journaled (a dry run).
    static func publish(_ result: ApplyResult, runner: (any CommandRunner)? = nil) async -> ApplyResult {
        guard let location = result.plan.journalUpload, let journal = result.journal else { return result }
        var result = result
        result.journalUpload = await upload(result, to: location, journal: journal, runner: runner ?? SubprocessRunner())
            .masked(by: Redactor(secrets: result.plan.secrets))
        return result
    }

    private static func upload(_ result: ApplyResult, to location: String, journal: String, runner: any CommandRunner)
        async -> JournalUploadOutcome {
        guard let bucket = JournalBucket(location) else {
            return .failed(destination: "s3://\(location)", reason: "'state.s3' is not \(JournalBucket.expected)")
        }
        let upload = JournalUpload(bucket: bucket, runDirectory: journal, planName: result.plan.planName,
                                   environment: result.plan.environment, runID: result.runID, runner: runner)
        return await upload.run()
    }
}
