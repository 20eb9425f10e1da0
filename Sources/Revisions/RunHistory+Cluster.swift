import Execution

extension RunHistory {
    /// The runs of one environment as this machine's journal and the cluster's records tell
    /// them together, newest first. A run both know is this machine's (it has every step) with
    /// what the cluster adds: who started it, and its end when this journal never saw it (the
    /// process was killed). A record still `running` whose run no longer holds the environment's
    /// cluster lock (`lease`) is over: interrupted.
    package static func merged(local: [RunSummary], cluster: [RunRecord], lease: LeaseStatus?) -> [RunSummary] {
        var byID: [String: RunSummary] = [:]
        for record in cluster {
            var summary = record.summary
            if summary.outcome == .running, lease?.isHeld(by: record.runID) != true {
                summary.outcome = .interrupted
                summary.exitCode = RunStatus.interrupted.exitCode
                summary.note = summary.note ?? "interrupted: it no longer holds the cluster lock and never recorded its end"
            }
            byID[record.runID] = summary
        }
        for run in local {
            guard let recorded = byID[run.id] else {
                byID[run.id] = run
                continue
            }
            var merged = run
            merged.startedBy = recorded.startedBy
            merged.recordedInCluster = true
            if run.outcome == .running, recorded.outcome != .running {
                merged.outcome = recorded.outcome
                merged.exitCode = recorded.exitCode
                merged.note = recorded.note
            } else {
                merged.note = run.note ?? recorded.note
            }
            byID[run.id] = merged
        }
        return byID.values.sorted { ($0.startedAt, $0.id) > ($1.startedAt, $1.id) }
    }
}
