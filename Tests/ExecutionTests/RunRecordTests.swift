import BosunBasics
import Foundation
import PlanModel
import Testing
@testable import Execution

/// The run record kept in the cluster (docs/records.md): what it holds, that it reads back as
/// written, its names and labels, and its size for a 10,000-step run.
@Suite("run records in the cluster")
struct RunRecordTests {
    let start = Date(timeIntervalSince1970: 1_796_000_000)

    func metadata(steps: Int = 3) -> RunMetadata {
        let source = RunSource(commit: "0123abcd", requestedRevision: "v1.2.0", pinned: true, workingTree: false,
                               modifiedFiles: [], planDigest: "sha256:00")
        let deployment = DeploymentRelease(
            deployment: DeploymentRef(name: "web", namespace: "shop"), steps: ["release"],
            before: ReleaseSnapshot(DeploymentObservation(deployment: DeploymentRef(name: "web", namespace: "shop"), moment: .before,
                                                          exists: true, revision: "1", images: ["web": "registry/web:v1"], rolledOut: true)),
            after: ReleaseSnapshot(DeploymentObservation(deployment: DeploymentRef(name: "web", namespace: "shop"), moment: .after,
                                                         exists: true, revision: "2", images: ["web": "registry/web:v2"], rolledOut: true)))
        return RunMetadata(
            runID: "20261201-182506-0b1a", planName: "shop", planFile: "plans/shop.yaml", environment: "prod",
            invocation: ["bosun", "apply"], startedAt: start, finishedAt: start.addingTimeInterval(70), outcome: .failed,
            exitCode: 1, source: source, resumedFrom: nil, evictedLockHolder: nil,
            release: ReleaseRecord(variables: ["version": "v2", "token": "sha256:abc"], secrets: ["token"], deployments: [deployment]),
            restores: "20261130-000000-aaaa", service: nil)
    }

    func records(_ count: Int, failing: Int = 1) -> [StepRecord] {
        (0..<count).map { index in
            StepRecord(id: "phase-\(index / 100)/step-\(index)", kind: .run, state: index < failing ? .failed : .succeeded, attempts: 1)
        }
    }

    @Test("a record reads back as written: commit, variables, deployments, who, steps counted")
    func roundTrip() throws {
        let record = RunRecord(metadata: metadata(), records: records(3), startedBy: Actor(user: "alice", host: "ci-7", pid: 42))
        let read = try #require(RunRecord.parse(record.json))
        #expect(read == record)
        #expect(read.summary.startedBy == "alice@ci-7")
        #expect(read.summary.release?.variables["version"] == "v2")
        #expect(read.summary.duration == 70)
        #expect(read.steps.total == 3 && read.steps.failed == 1 && read.failedSteps == ["phase-0/step-0"])
        #expect(record.json.contains("\"schema\":\"bosun.record/v1\""))
    }

    @Test("a record of another schema is not read")
    func otherSchema() {
        let text = RunRecord(metadata: metadata(), records: [], startedBy: Actor(user: "a", host: "b")).json
            .replacingOccurrences(of: "bosun.record/v1", with: "bosun.record/v9")
        #expect(RunRecord.parse(text) == nil)
    }

    @Test("the record of a 10,000-step run stays a few kilobytes: steps are counted, failures listed up to 20")
    func sizeOfALargeRun() {
        let record = RunRecord(metadata: metadata(), records: records(10_000, failing: 500), startedBy: Actor.current())
        let bytes = record.json.utf8.count
        #expect(bytes < 4096, "\(bytes) bytes")
        #expect(record.failedSteps.count == RunRecord.failedStepLimit && record.steps.failed == 500)
    }

    @Test("label values: a valid name stays, others are cleaned to 63 allowed characters with a digest that tells them apart")
    func labelValues() {
        #expect(RecordLabels.value("shop") == "shop")
        let cleaned = RecordLabels.value("shop/eu west")
        let other = RecordLabels.value("shop/eu-west")
        #expect(cleaned != other, "two names never share a label value")
        for value in [cleaned, other, RecordLabels.value(String(repeating: "x", count: 200)), RecordLabels.value("-_-")] {
            #expect(value.count <= 63 && value.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) })
            #expect(value.first!.isLetter || value.first!.isNumber)
            #expect(value.last!.isLetter || value.last!.isNumber)
        }
        #expect(RecordLabels.recordName(runID: "20261201-182506-0b1a") == "bosun-run-20261201-182506-0b1a")
        let key = RecordLabels.approvalKey(step: "deploy/Approve prod (EU)")
        let name = key.dropFirst(RecordLabels.approvalPrefix.count)
        #expect(name.count <= 63 && name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "-.".contains($0)) }, "\(key)")
    }

    @Test("a ConfigMap's labels and annotations add what others found: a run marked interrupted, its note, its approvals")
    func objectReading() throws {
        var record = RunRecord(metadata: metadata(), records: [], startedBy: Actor(user: "a", host: "b"))
        record.outcome = .running
        record.exitCode = nil
        let answer = ApprovalAnswer(step: "gate", prompt: "ship?", decision: .approved, since: start, by: "bob@laptop", at: start)
        let object: [String: Any] = [
            "metadata": [
                "labels": [RecordLabels.outcome: "interrupted"],
                "annotations": [RecordLabels.endNote: "interrupted: its lock expired", RecordLabels.approvalKey(step: "gate"): ClusterRecords.text(of: answer)],
            ],
            "data": ["run.json": record.json],
        ]
        let read = try #require(ClusterRecords.record(from: object))
        #expect(read.outcome == .interrupted && read.exitCode == 130)
        #expect(read.endNote == "interrupted: its lock expired")
        #expect(read.approvals == [answer])
    }
}
