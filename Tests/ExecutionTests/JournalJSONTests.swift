import BosunBasics
import Foundation
import PlanModel
import Testing
@testable import Execution

/// The journal writes its files by hand (``JSONWriter``) for speed; they must be exactly what
/// JSONEncoder with the journal's conventions writes, since ``JournalJSON/decoder()`` and `jq`
/// users read them.
@Suite("Journal files written by hand match JSONEncoder")
struct JournalJSONTests {
    let start = Date(timeIntervalSince1970: 1_796_149_241.5539)

    var records: [StepRecord] {
        [
            StepRecord(id: "infra/network", kind: .terraform, state: .succeeded, attempts: 1, exitStatus: 0,
                       startedAt: start, finishedAt: start.addingTimeInterval(2.25), duration: 2.25),
            StepRecord(id: "apps/api", kind: .rollout, state: .rolledBack, attempts: 3, exitStatus: 1,
                       startedAt: start, finishedAt: start.addingTimeInterval(61), duration: 61,
                       message: "timed out after 1m; rolled back \"now\"\n"),
            StepRecord(id: "apps/never", kind: .run, state: .skipped, message: "not started: apps/api failed"),
        ]
    }

    func encoded(_ value: some Encodable, pretty: Bool) throws -> String {
        String(decoding: try JournalJSON.encoder(pretty: pretty).encode(value), as: UTF8.self)
    }

    @Test("dates: UTC, milliseconds cut, as ISO8601FormatStyle writes them")
    func dates() {
        let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        for seconds in [0, 1_796_149_241.5539, 1_796_149_241.9999, -1.5, 951_782_400.001, 4_102_444_799.999] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(ISODate.text(date) == date.formatted(style), "\(seconds)")
        }
    }

    @Test("every kind of events.jsonl line")
    func eventLines() throws {
        let report = RunReport(records: records, outcome: .failed, startedAt: start, finishedAt: start.addingTimeInterval(70))
        let events: [ExecutionEvent] = [
            .runStarted(planName: "ecotrack", stepCount: 3, startedAt: start),
            .stepStarted(id: "infra/network", attempt: 1),
            .commandStarted(id: "infra/network", displayText: "terraform apply -no-color 'plan file'"),
            .stepRetrying(id: "apps/api", attempt: 2, delay: 0.5, reason: "exited with status 1"),
            .rollbackStarted(id: "apps/api"),
            .deploymentObserved(id: "apps/api", DeploymentObservation(
                deployment: DeploymentRef(name: "api", namespace: "shop"), moment: .failed, exists: true, revision: "3",
                images: ["api": "registry/api:v2-bad", "proxy": "istio/proxy:1"], rolledOut: false)),
            .deploymentObserved(id: "apps/api", DeploymentObservation(
                deployment: DeploymentRef(name: "new", namespace: nil), moment: .before, exists: false, revision: nil,
                images: [:], rolledOut: false)),
            .stepFinished(records[1]),
            .stepFinished(records[2]),
            .runFinished(report),
        ]
        for event in events {
            let entry = try #require(JournalEntry(event, at: start))
            #expect(String(decoding: entry.jsonLine(), as: UTF8.self) == (try encoded(entry, pretty: false)) + "\n")
        }
    }

    @Test("run.json, with and without a source and an end")
    func runFile() throws {
        let source = RunSource(commit: "0123abcd", requestedRevision: "v1.2.0", pinned: true, workingTree: false,
                               modifiedFiles: ["plans/a.yaml"], planDigest: "sha256:00")
        var metadata = RunMetadata(
            runID: "20261201-182506-0b1a", planName: "ecotrack", planFile: "plans/ecotrack/ecotrack.yaml", environment: "local",
            invocation: ["bosun", "apply", "--set", "a=b c"], startedAt: start, finishedAt: nil, outcome: .running,
            exitCode: nil, source: nil, resumedFrom: nil, evictedLockHolder: nil)
        #expect(String(decoding: RunFile(metadata: metadata, steps: []).json(), as: UTF8.self)
            == (try encoded(RunFile(metadata: metadata, steps: []), pretty: true)))
        metadata.source = source
        metadata.finishedAt = start.addingTimeInterval(70)
        metadata.outcome = .failed
        metadata.exitCode = 3
        metadata.resumedFrom = "20261201-100000-aaaa"
        metadata.evictedLockHolder = "ci-runner-7"
        metadata.restores = "20261130-100000-bbbb"
        metadata.service = "api"
        let api = DeploymentRef(name: "api", namespace: "shop")
        let observations: [(step: String, observation: DeploymentObservation)] = [
            ("apps/api", DeploymentObservation(deployment: api, moment: .before, exists: true, revision: "2", images: ["api": "registry/api:v1"], rolledOut: true)),
            ("apps/api", DeploymentObservation(deployment: api, moment: .failed, exists: true, revision: "3", images: ["api": "registry/api:v2"], rolledOut: false)),
            ("apps/api", DeploymentObservation(deployment: api, moment: .after, exists: true, revision: "4", images: ["api": "registry/api:v1"], rolledOut: true)),
            ("apps/new", DeploymentObservation(deployment: DeploymentRef(name: "new", namespace: nil), moment: .before, exists: false,
                                               revision: nil, images: [:], rolledOut: false)),
        ]
        metadata.release = ReleaseRecord(variables: ["version": "v2", "token": "sha256:ab"], secrets: ["token"],
                                         deployments: DeploymentRelease.fold(observations))
        let file = RunFile(metadata: metadata, steps: records)
        #expect(String(decoding: file.json(), as: UTF8.self) == (try encoded(file, pretty: true)))
    }
}
