import BosunBasics
import Foundation
import PlanModel
import Testing
@testable import Execution

/// The journal writes its files by hand (``JSONWriter``) for speed and reads them with the
/// readers beside the writers: the text is pinned byte for byte by the files in `Golden/` (made
/// by JSONEncoder when it still wrote them, so no document a user or `jq` reads changed), and
/// what is written reads back as it was.
@Suite("Journal files: golden text, round trip, older files")
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

    /// Set `BOSUN_UPDATE_GOLDEN=1` to rewrite the golden files from what the writers give.
    func expectGolden(_ text: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Golden").appending(path: name)
        if ProcessInfo.processInfo.environment["BOSUN_UPDATE_GOLDEN"] == "1" { try Data(text.utf8).write(to: file) }
        #expect(text == (try String(contentsOf: file, encoding: .utf8)), "Golden/\(name)", sourceLocation: sourceLocation)
    }

    func golden(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appending(path: "Golden").appending(path: name))
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
            .processStarted(id: "infra/network", StartedProcess(pid: 4242, startTime: 1_234_567)),
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
        var text = ""
        for event in events {
            let line = try #require(JournalEntry(event, at: start)).jsonLine()
            text += String(decoding: line, as: UTF8.self)
            // What is read back writes the same line again.
            #expect(try JournalEntry(jsonLine: line.dropLast()).jsonLine() == line)
        }
        try expectGolden(text, "events.jsonl")
    }

    @Test("lines of older Bosun (dates without milliseconds) still read")
    func olderEventLines() throws {
        let lines = try golden("older-events.jsonl").split(separator: UInt8(ascii: "\n"))
        let entries = try lines.map { try JournalEntry(jsonLine: $0) }
        #expect(entries.map(\.event) == [.runStarted, .stepStarted, .stepFinished, .runFinished])
        #expect(entries[0].time == Date(timeIntervalSince1970: 1_796_149_241))
        #expect(entries[2].record?.state == .succeeded)
        #expect(entries[3].outcome == .succeeded)
    }

    @Test("run.json, with and without a source and an end")
    func runFile() throws {
        let source = RunSource(commit: "0123abcd", requestedRevision: "v1.2.0", pinned: true, workingTree: false,
                               modifiedFiles: ["plans/a.yaml"], planDigest: "sha256:00")
        var metadata = RunMetadata(
            runID: "20261201-182506-0b1a", planName: "ecotrack", planFile: "plans/ecotrack/ecotrack.yaml", environment: "local",
            invocation: ["bosun", "apply", "--set", "a=b c"], startedAt: start, finishedAt: nil, outcome: .running,
            exitCode: nil, source: nil, resumedFrom: nil, evictedLockHolder: nil)
        let started = RunFile(metadata: metadata, steps: []).json()
        try expectGolden(String(decoding: started, as: UTF8.self), "run-started.json")
        #expect(try RunFile(json: Data(started)).json() == started)
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
        try expectGolden(String(decoding: file.json(), as: UTF8.self), "run-finished.json")
        let read = try RunFile(json: Data(file.json()))
        #expect(read.json() == file.json())
        #expect(read.steps == records.map(\.atMilliseconds))
        try expectGolden(RunDocument.json(metadata: metadata, steps: records) + "\n", "show.json")
    }

    @Test("bosun runs --json: every member of a run, and an empty list")
    func runsDocument() throws {
        let release = ReleaseRecord(variables: ["version": "v2"], secrets: [])
        let runs = [
            RunSummary(id: "20261201-182506-0b1a", planName: "ecotrack", environment: "local", outcome: .failed, startedAt: start,
                       duration: 70.25, steps: StepCounts(records), commit: "0123abcd", dirty: true, exitCode: 3, release: release,
                       restores: "20261130-100000-bbbb", service: "api", resumedFrom: "20261201-100000-aaaa"),
            RunSummary(id: "20261201-190000-0c2d", planName: "ecotrack", environment: "local", outcome: .running, startedAt: start,
                       duration: nil, steps: StepCounts([]), commit: nil, dirty: false, exitCode: nil, release: nil,
                       restores: nil, service: nil, resumedFrom: nil),
        ]
        try expectGolden(RunSummary.json(runs) + "\n", "runs.json")
        try expectGolden(RunSummary.json([]) + "\n", "runs-empty.json")
    }

    @Test("run.json of older Bosun (dates without milliseconds) still reads")
    func olderRunFile() throws {
        let file = try RunFile(json: golden("older-run.json"))
        #expect(file.metadata.outcome == .failed)
        #expect(file.metadata.startedAt == Date(timeIntervalSince1970: 1_796_149_241))
        #expect(file.metadata.source?.commit == "0123abcd")
        #expect(file.steps.map(\.id) == ["infra/network", "apps/api", "apps/never"])
    }
}

extension StepRecord {
    /// The record as read back from the journal, whose dates keep milliseconds.
    var atMilliseconds: StepRecord {
        var record = self
        record.startedAt = startedAt.map { Date(timeIntervalSince1970: ($0.timeIntervalSince1970 * 1000).rounded(.down) / 1000) }
        record.finishedAt = finishedAt.map { Date(timeIntervalSince1970: ($0.timeIntervalSince1970 * 1000).rounded(.down) / 1000) }
        return record
    }
}
