import Execution

/// The runs of one environment, and which revision a rollback returns to.
public enum RunHistory {
    /// Runs of the plan named `planName` on `environment`, newest first.
    public static func runs(of planName: String, environment: String, in store: RunStore) -> [RunSummary] {
        store.list().filter { $0.planName == planName && $0.environment == environment }
    }

    /// The revision a rollback re-applies. The environment is at the commit of its newest run
    /// (whatever its outcome: a failed release still changed things); the target is the newest
    /// older run that succeeded from a different commit and from clean files (a run from a dirty
    /// working tree did not run what its commit holds).
    public static func rollbackTarget(in runs: [RunSummary]) -> (current: RunSummary, target: RunSummary)? {
        let withCommit = runs.filter { $0.commit != nil && $0.outcome != .running }
        guard let current = withCommit.first else { return nil }
        let target = withCommit.dropFirst().first { run in
            run.outcome == .succeeded && !run.dirty && run.commit != current.commit
        }
        return target.map { (current, $0) }
    }
}
