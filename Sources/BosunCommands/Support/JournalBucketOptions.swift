import ArgumentParser
import BosunBasics
import Deployment
import Execution
import PlanLoading

/// Where `bosun show` looks for a run this machine did not journal: `--s3 BUCKET/PREFIX`, or the
/// `state: { s3: … }` of `--plan FILE` (whose `--env` also names the run's folder in the bucket).
struct JournalBucketOptions: ParsableArguments {
    @Option(name: .customLong("plan"), help: ArgumentHelp(
        "A plan file: a run of it not in the state folder is read from its state.s3 (with --env).", valueName: "file"),
        completion: .file(extensions: ["yaml", "yml"]))
    var planFile: String?

    @Option(name: .customLong("env"), help: "The plan's environment the run was on (with --plan).")
    var environment: String?

    @Option(name: .customLong("s3"), help: ArgumentHelp(
        "Where run journals are uploaded, BUCKET or BUCKET/PREFIX (default: --plan's state.s3).", valueName: "bucket/prefix"))
    var s3: String?

    func validate() throws {
        if (planFile == nil) != (environment == nil) { throw ValidationError("--plan and --env go together") }
        if let s3, JournalBucket(s3) == nil { throw ValidationError("--s3 takes \(JournalBucket.expected), got '\(s3)'") }
    }

    /// Where a run missing here is looked for in S3; nil when neither `--s3` nor the plan says.
    /// Reads the plan (as written, in the working tree) when one is given.
    func remote() throws -> RemoteJournals? {
        guard let planFile, let environment else { return s3.flatMap(JournalBucket.init).map { RemoteJournals(bucket: $0) } }
        let document = try Self.load(planFile)
        let names = document.environments.map(\.name.value)
        guard names.contains(environment) else {
            let hint = Suggestion.didYouMean(environment, among: names) ?? "its environments: " + names.joined(separator: ", ")
            throw CommandFailure("plan \(planFile) has no environment '\(environment)'\n  hint: \(hint)", status: .invalidInput)
        }
        let declared = document.state?.s3.value
        guard let location = s3 ?? declared else { return nil }
        guard let bucket = JournalBucket(location) else {
            throw CommandFailure("state.s3 of \(planFile) is not \(JournalBucket.expected): '\(location)'", status: .invalidInput)
        }
        return RemoteJournals(bucket: bucket, planName: document.name.value, environment: environment)
    }

    /// Why no bucket is known, for the hint of a run not found here.
    var missingBucketHint: String {
        if let planFile {
            return "\(planFile) declares no state.s3, so its runs are not uploaded; --s3 BUCKET/PREFIX names a bucket to read"
        }
        return "a run journaled on another machine is read from S3 with --plan FILE --env ENV (a plan with state.s3) or --s3 BUCKET/PREFIX"
    }

    private static func load(_ planFile: String) throws(DeploymentError) -> PlanDocument {
        do {
            return try PlanLoader.load(path: planFile)
        } catch {
            throw PlanReader(plan: planFile).invalid(error)
        }
    }
}

/// The bucket to read a run from, and its plan and environment when known.
struct RemoteJournals {
    var bucket: JournalBucket
    var planName: String?
    var environment: String?

    var download: JournalDownload { JournalDownload(bucket: bucket, plan: planName, environment: environment) }
}
