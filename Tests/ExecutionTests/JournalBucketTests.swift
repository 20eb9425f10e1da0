import Foundation
import Testing
@testable import Execution

/// The layout of journals in S3, what of a run folder is shared, and how a listing is read back
/// (the aws CLI itself is driven in ProviderIntegrationTests/JournalUploadTests).
@Suite("Journals in S3: layout, shared files, listings")
struct JournalBucketTests {
    @Test("state.s3 and --s3 take BUCKET or BUCKET/PREFIX, with s3:// and a trailing slash")
    func parsesLocations() throws {
        let full = try #require(JournalBucket("s3://team-journals/ci/bosun/"))
        #expect(full.bucket == "team-journals")
        #expect(full.prefix == "ci/bosun")
        #expect(full.url == "s3://team-journals/ci/bosun/")
        let bare = try #require(JournalBucket("team-journals"))
        #expect(bare.prefix == "")
        #expect(bare.url == "s3://team-journals/")
        #expect(bare.runURL(plan: "web", environment: "dev", runID: "20261122-181530-3f9a") == "s3://team-journals/web/dev/20261122-181530-3f9a/")
    }

    @Test("a location that is not a bucket, or whose prefix could climb or glob, is refused", arguments: [
        "", "ab", "Team-Journals", "bucket_name", "team-journals/a//b", "team-journals/../x", "team-journals/./x",
        "team-journals/a*b", "team-journals/[ab]", "team-journals/with space",
    ])
    func refusesLocations(_ text: String) {
        #expect(JournalBucket(text) == nil)
    }

    @Test("plan and environment names become one key segment each, escaped as step file names are")
    func escapesNames() throws {
        let bucket = try #require(JournalBucket("team-journals/ci"))
        #expect(bucket.runKey(plan: "shop/web", environment: "../prod", runID: "r1") == "ci/shop%2Fweb/%2E.%2Fprod/r1/")
    }

    @Test("run ids that are safe in a path and a key", arguments: [
        ("20261122-181530-3f9a", true), ("run_1.retry", true), ("..", false), (".hidden", false), ("a/b", false),
        ("", false), ("a b", false), (String(repeating: "a", count: 129), false),
    ])
    func safeRunIDs(_ id: String, _ safe: Bool) {
        #expect(RunID.isSafe(id) == safe)
        #expect(RunID.isSafe(RunID.make()))
    }

    @Test("only run.json, events.jsonl, plan.json and the files directly in logs/ are shared; no symlink")
    func sharedFiles() throws {
        let run = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-shared-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: run) }
        for file in ["run.json", "events.jsonl", "plan.json", "logs/web.log", "logs/.hidden", "logs/deeper/x.log", "kubeconfig",
                     "terraform/web.tfplan", "workspace/run.json", "workspace/logs/a.log", "run.json.tmp-12"] {
            let path = run + "/" + file
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try "x".write(toFile: path, atomically: false, encoding: .utf8)
        }
        try FileManager.default.createSymbolicLink(atPath: run + "/logs/linked.log", withDestinationPath: run + "/kubeconfig")
        #expect(SharedJournalFiles.list(in: run) == ["run.json", "events.jsonl", "plan.json", "logs/web.log"])
    }

    @Test("a listing's runs are the folders PREFIX/plan/env/run/ that hold a run.json, newest first")
    func readsListings() throws {
        let bucket = try #require(JournalBucket("team-journals/ci"))
        let keys = [
            "ci/web/dev/20261122-181530-3f9a/run.json", "ci/web/dev/20261122-181530-3f9a/logs/a.log",
            "ci/web/prod/20261123-090000-0001/run.json", "ci/web/dev/20261124-000000-0002/events.jsonl",
            "ci/web/dev/..hidden/run.json", "ci/web/dev/x/y/run.json", "elsewhere/web/dev/20261125-000000-0003/run.json",
        ]
        let listing = try JSONSerialization.data(withJSONObject: keys)
        #expect(RemoteRunListing.runs(in: listing, bucket: bucket) == [
            RemoteRun(runID: "20261123-090000-0001", key: "ci/web/prod/20261123-090000-0001/"),
            RemoteRun(runID: "20261122-181530-3f9a", key: "ci/web/dev/20261122-181530-3f9a/"),
        ])
        #expect(RemoteRunListing.runs(in: Data("null\n".utf8), bucket: bucket) == [])
    }

    @Test("a failed copy keeps the first file's error and counts the others")
    func summarizesFailures() {
        let lines = (1...5).map { "upload failed: ./f\($0) to s3://b/k/f\($0) Unable to locate credentials" }
        #expect(AWSFailure(lines: lines, outcome: "exited with status 1").description == """
            aws exited with status 1:
                upload failed: ./f1 to s3://b/k/f1 Unable to locate credentials
                (and 4 more files, failed likewise)
            """)
        #expect(AWSFailure(lines: [], outcome: "aws: command not found on PATH").description == "aws: command not found on PATH")
    }
}
