import BosunBasics
import Foundation

/// Keeps one run's record in its environment's cluster: written when the run takes the cluster
/// lock (outcome `running`) and again when it ends, from the run's own journal; then the
/// environment's records beyond the newest `keep` are deleted. When the lock was taken from a
/// run that stopped renewing it (killed), that run's record is marked interrupted.
package struct RunRecordKeeper: Sendable {
    package let runID: String
    package let keep: Int
    package let actor: Actor
    /// The steps the run will run, so that the record of a run killed early counts them all.
    package var plannedSteps = 0
    /// The run as its journal has it now (after waiting for the journal to be written).
    package let journal: @Sendable () async -> (metadata: RunMetadata, records: [StepRecord])?

    package init(runID: String, keep: Int, actor: Actor, journal: @escaping @Sendable () async -> (metadata: RunMetadata, records: [StepRecord])?) {
        self.runID = runID
        self.keep = keep
        self.actor = actor
        self.journal = journal
    }

    /// The lock is taken: records the run as running, and the end of the run it was taken from.
    func started(in records: ClusterRecords, takeover: ClusterLease.Takeover?) async throws(ClusterStateError) {
        if let takeover, let previous = takeover.previous.runID, previous != runID {
            let how = takeover.forced
                ? "its cluster lock was taken with --force-unlock by run \(runID) (\(actor.text)) at \(ISODate.text(Date()))"
                : "its cluster lock expired at \(takeover.previous.expiresAt.map(ISODate.text) ?? "?") without being renewed "
                    + "(its process stopped); taken over by run \(runID) (\(actor.text))"
            try await records.markOver(runID: previous, outcome: .interrupted, note: "interrupted: " + how)
        }
        try await write(to: records)
    }

    /// The run ended: records how, and keeps the newest `keep` records. Returns what went wrong.
    func finished(in records: ClusterRecords) async -> String? {
        let record: RunRecord
        do throws(ClusterStateError) {
            record = try await write(to: records)
        } catch {
            return "the run's record could not be written into the cluster (\(ClusterKubectl.namespace)/"
                + "\(RecordLabels.recordName(runID: runID))): \(error); other machines see it as running until its lock expires"
        }
        do throws(ClusterStateError) {
            try await records.prune(planName: record.planName, environment: record.environment, keep: keep)
        } catch {
            return "old run records could not be deleted from the cluster: \(error)"
        }
        return nil
    }

    /// Writes the record of the run as its journal has it now, and returns it.
    @discardableResult
    private func write(to records: ClusterRecords) async throws(ClusterStateError) -> RunRecord {
        guard let (metadata, steps) = await journal() else { throw .unreadable("the run's journal cannot be read") }
        var record = RunRecord(metadata: metadata, records: steps, startedBy: actor)
        // The journal lists the steps that started; the ones still to come count too.
        record.steps.total = max(record.steps.total, plannedSteps)
        try await records.write(record)
        return record
    }
}
