import Execution
import Foundation
import Revisions
import Testing

/// One history from this machine's journal and the cluster's records (docs/records.md).
@Suite("history merged from the journal and the cluster")
struct RunHistoryMergeTests {
    let start = Date(timeIntervalSince1970: 1_796_000_000)

    func record(_ id: String, _ outcome: RunStatus, at offset: Double) -> RunRecord {
        RunRecord(runID: id, planName: "shop", environment: "prod", outcome: outcome, startedAt: start.addingTimeInterval(offset),
                  startedBy: Actor(user: "alice", host: "ci-7"))
    }

    @Test("runs only in the cluster are listed, newest first, with who started them; a run both know is the journal's")
    func union() {
        var local = record("b", .succeeded, at: 10).summary
        local.recordedInCluster = false
        local.startedBy = nil
        local.steps.total = 27
        let merged = RunHistory.merged(local: [local], cluster: [record("a", .succeeded, at: 0), record("b", .succeeded, at: 10)], lease: nil)
        #expect(merged.map(\.id) == ["b", "a"])
        #expect(merged[0].steps.total == 27, "the journal has every step")
        #expect(merged.allSatisfy { $0.startedBy == "alice@ci-7" && $0.recordedInCluster })
    }

    @Test("a record still running whose run no longer holds the lock is interrupted; one holding it is running")
    func staleRunning() {
        let stale = RunHistory.merged(local: [], cluster: [record("a", .running, at: 0)], lease: nil)
        #expect(stale.first?.outcome == .interrupted && stale.first?.note?.contains("cluster lock") == true)
    }

    @Test("a journal that says running (its process was killed) takes the end the cluster recorded")
    func killedLocally() {
        var killed = record("a", .interrupted, at: 0)
        killed.endNote = "interrupted: its cluster lock expired"
        let local = record("a", .running, at: 0).summary
        let merged = RunHistory.merged(local: [local], cluster: [killed], lease: nil)
        #expect(merged.first?.outcome == .interrupted)
        #expect(merged.first?.note == "interrupted: its cluster lock expired")
    }
}
