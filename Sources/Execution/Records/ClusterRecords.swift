import BosunBasics
import Foundation

/// The run records of an environment in its cluster: one ConfigMap per run in `bosun-system`,
/// labelled with plan, environment and outcome (docs/records.md). Bosun writes a run's record with
/// server-side apply, so what others add to it (an approval, the note of who found the run
/// interrupted) is kept when the run writes it again.
package struct ClusterRecords: Sendable {
    package let kubectl: ClusterKubectl

    package init(kubectl: ClusterKubectl) {
        self.kubectl = kubectl
    }

    /// Writes (creates or replaces) a run's record.
    package func write(_ record: RunRecord) async throws(ClusterStateError) {
        let object: [String: Any] = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": [
                "name": RecordLabels.recordName(runID: record.runID), "namespace": ClusterKubectl.namespace,
                "labels": [
                    RecordLabels.managedBy: "bosun", RecordLabels.component: "run-record",
                    RecordLabels.plan: RecordLabels.value(record.planName),
                    RecordLabels.environment: RecordLabels.value(record.environment),
                    RecordLabels.outcome: record.outcome.rawValue, RecordLabels.run: RecordLabels.value(record.runID),
                ],
                "annotations": [RecordLabels.planName: record.planName, RecordLabels.environmentName: record.environment],
            ],
            "data": ["run.json": record.json],
        ]
        let result = await kubectl.run(["apply", "--server-side", "--force-conflicts", "--field-manager", "bosun", "-f", "-"],
                                       stdin: JSONText.of(object))
        guard result.succeeded else { throw .kubectl(result.message) }
    }

    /// Marks the record of a run that cannot record its own end (killed, its lock expired or
    /// released by someone): its outcome, and why. Nothing when the run recorded its end itself.
    package func markOver(runID: String, outcome: RunStatus, note: String) async throws(ClusterStateError) {
        let name = RecordLabels.recordName(runID: runID)
        guard let object = try await kubectl.object("configmap", name), let record = Self.record(from: object),
              record.outcome == .running else { return }
        let patch: [String: Any] = ["metadata": ["labels": [RecordLabels.outcome: outcome.rawValue],
                                                 "annotations": [RecordLabels.endNote: note]]]
        let result = await kubectl.mergePatch("configmap", name, patch)
        guard result.succeeded else { throw .kubectl(result.message) }
    }

    /// Every record of `planName` on `environment`, newest first. Records another Bosun wrote in a
    /// schema this one does not read are left out.
    package func list(planName: String, environment: String) async throws(ClusterStateError) -> [RunRecord] {
        let result = await kubectl.run(["get", "configmaps", "--namespace", ClusterKubectl.namespace,
                                        "--selector", RecordLabels.selector(planName: planName, environment: environment), "-o", "json"])
        guard result.succeeded else { throw .kubectl(result.message) }
        guard let list = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw .unreadable("kubectl did not print the records in \(ClusterKubectl.namespace) as JSON")
        }
        let records = (list["items"] as? [[String: Any]] ?? []).compactMap(Self.record(from:))
            .filter { $0.planName == planName && $0.environment == environment }
        return records.sorted { ($0.startedAt, $0.runID) > ($1.startedAt, $1.runID) }
    }

    /// One run's record, nil when the cluster has none.
    package func record(runID: String) async throws(ClusterStateError) -> RunRecord? {
        try await kubectl.object("configmap", RecordLabels.recordName(runID: runID)).flatMap(Self.record(from:))
    }

    /// Deletes the records of `planName` on `environment` beyond the newest `keep`; a run still
    /// going is never deleted. Returns the runs whose records were deleted.
    @discardableResult
    package func prune(planName: String, environment: String, keep: Int) async throws(ClusterStateError) -> [String] {
        let records = try await list(planName: planName, environment: environment)
        let old = records.dropFirst(keep).filter { $0.outcome != .running }.map(\.runID)
        var deleted: [String] = []
        // One DELETE of the collection per hundred (kubectl deletes named objects one request at a
        // time, throttled to 5 a second: 500 old records took 90 s), selected by their run labels
        // within this plan and environment only.
        for batch in stride(from: 0, to: old.count, by: 100).map({ Array(old[$0..<min($0 + 100, old.count)]) }) {
            let selector = RecordLabels.selector(planName: planName, environment: environment)
                + ",\(RecordLabels.run) in (" + batch.map(RecordLabels.value).joined(separator: ",") + ")"
            let path = "/api/v1/namespaces/\(ClusterKubectl.namespace)/configmaps?labelSelector=" + Self.queryEscaped(selector)
            let result = await kubectl.run(["delete", "--raw", path])
            guard result.succeeded else { throw .kubectl(result.message) }
            deleted += batch
        }
        return deleted
    }

    // MARK: Approvals

    /// Writes one approval's state into the run's record.
    package func setApproval(_ answer: ApprovalAnswer, runID: String) async throws(ClusterStateError) {
        let patch: [String: Any] = ["metadata": ["annotations": [RecordLabels.approvalKey(step: answer.step): Self.text(of: answer)]]]
        let result = await kubectl.mergePatch("configmap", RecordLabels.recordName(runID: runID), patch)
        guard result.succeeded else { throw .kubectl(result.message) }
    }

    // MARK: Reading objects

    /// The record a ConfigMap holds, with what others added to it: the outcome and note of a run
    /// found over, and the approvals.
    static func record(from object: [String: Any]) -> RunRecord? {
        let metadata = object["metadata"] as? [String: Any] ?? [:]
        let labels = metadata["labels"] as? [String: String] ?? [:]
        let annotations = metadata["annotations"] as? [String: String] ?? [:]
        guard let text = (object["data"] as? [String: String])?["run.json"], var record = RunRecord.parse(text) else { return nil }
        if record.outcome == .running, let label = labels[RecordLabels.outcome].flatMap(RunStatus.init(rawValue:)), label != .running {
            record.outcome = label
            record.exitCode = label.exitCode
        }
        record.endNote = annotations[RecordLabels.endNote]
        record.approvals = annotations.filter { $0.key.hasPrefix(RecordLabels.approvalPrefix) }
            .compactMap { try? JournalJSON.decoder().decode(ApprovalAnswer.self, from: Data($0.value.utf8)) }
            .sorted { ($0.since, $0.step) < ($1.since, $1.step) }
        return record
    }

    /// A query parameter's value, percent-encoded.
    static func queryEscaped(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~/,()")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    static func text(of answer: ApprovalAnswer) -> String {
        (try? JournalJSON.encoder(pretty: false).encode(answer)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
