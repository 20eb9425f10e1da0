import Execution
import PlanModel

/// The runs of one environment, which release a rollback restores, and what Bosun saw of each
/// release of a deployment.
package enum RunHistory {
    /// Runs of the plan named `planName` on `environment`, newest first.
    package static func runs(of planName: String, environment: String, in store: RunStore) -> [RunSummary] {
        store.list().filter { $0.planName == planName && $0.environment == environment }
    }

    /// What `bosun rollback --env` restores, and why.
    package struct RollbackTarget: Sendable {
        /// The run whose release is live (or, when `halfDone`, the failed run that left it unknown).
        package var live: RunSummary
        /// The run whose release is restored.
        package var target: RunSummary
        /// The live run failed half-way: what runs is no release, and the last good one comes back.
        package var halfDone: Bool
    }

    /// The release a rollback re-applies. A run that rolled itself back (exit status 3) changed
    /// nothing; a service rollback is no release. The live release is the newest other run's: when
    /// it succeeded, the target is the newest older successful run of a different release (commit
    /// and variables); when it failed, the environment is half-changed and the target is the
    /// newest successful run, whatever its release. Runs from a dirty working tree are never
    /// targets (they did not run what their commit holds).
    package static func rollbackTarget(in runs: [RunSummary]) -> RollbackTarget? {
        let releases = runs.filter { $0.outcome != .running && $0.service == nil && $0.exitCode != RunReport.rolledBackExitCode }
        guard let live = releases.first else { return nil }
        let good = releases.dropFirst().filter { $0.outcome == .succeeded && !$0.dirty && $0.commit != nil }
        if live.outcome == .succeeded {
            return good.first { releaseKey($0) != releaseKey(live) }.map { RollbackTarget(live: live, target: $0, halfDone: false) }
        }
        return good.first.map { RollbackTarget(live: live, target: $0, halfDone: true) }
    }

    /// What makes two runs the same release: the commit and every variable (secrets by digest).
    static func releaseKey(_ run: RunSummary) -> String {
        let variables = run.release?.variables ?? [:]
        return (run.commit ?? "-") + "\n" + variables.keys.sorted().map { "\($0)=\(variables[$0]!)" }.joined(separator: "\n")
    }

    /// For each set of images of `deployment` (``ImageSet/fingerprint``), what Bosun last saw of
    /// it in these runs: healthy (true) or failed (false).
    package static func verdicts(for deployment: DeploymentRef, in runs: [RunSummary]) -> [String: Bool] {
        var verdicts: [String: Bool] = [:]
        for run in runs.reversed() {
            for release in run.release?.deployments ?? [] where release.deployment.key == deployment.key {
                if let failed = release.failed, failed.exists { verdicts[ImageSet(failed.images).fingerprint] = false }
                if let after = release.after, after.exists, after.healthy { verdicts[ImageSet(after.images).fingerprint] = true }
            }
        }
        return verdicts
    }
}
