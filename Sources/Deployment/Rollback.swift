import BosunBasics
import Execution
import PlanCompiler
import PlanModel
import Revisions

/// The rules of `bosun rollback`: which release comes back, with which variables, and the plan
/// of an operator's rollback of one service.
package enum Rollback {
    /// The environment's live release and the release a rollback restores, from its runs (this
    /// machine's and its cluster's: ``Deployment/history(_:stateDirectory:localOnly:requireCluster:control:)``).
    package static func target(in history: EnvironmentHistory) throws(DeploymentError) -> (choice: RunHistory.RollbackTarget, commit: String) {
        guard let choice = RunHistory.rollbackTarget(in: history.runs), let commit = choice.target.commit else {
            throw .refused("no earlier good release of \(history.planName) on \(history.environment) to roll back to "
                + "(\(history.runs.count) runs in \(history.sources.joined(separator: " and ")))")
        }
        return (choice, commit)
    }

    /// `--set` for every variable the restored run recorded: built-ins and secrets come from the
    /// plan itself (a secret's value was never recorded).
    package static func overrides(restoring run: RunSummary) -> [String: String] {
        guard let release = run.release else { return [:] }
        return release.variables.filter { !["plan", "environment"].contains($0.key) && !release.secrets.contains($0.key) }
    }

    /// Warnings for secrets whose value now differs from the restored release's (its digest).
    package static func secretWarnings(_ plan: CompiledPlan, recorded: ReleaseRecord?) -> [String] {
        guard let recorded else { return [] }
        let now = ReleaseRecord(plan: plan)
        return recorded.secrets.filter { now.variables[$0] != recorded.variables[$0] }.map {
            "secret '\($0)' differs from the one the restored release used (its value was never recorded)"
        }
    }

    /// The plan of an operator's rollback of `deployment`, from the environment's plan: undoes to
    /// `toRevision`, or the newest earlier revision Bosun saw healthy in `runs` (this machine's
    /// and the cluster's).
    package static func servicePlan(
        _ deployment: String, toRevision: Int?, namespace: String?, runs: [RunSummary], reader: PlanReader
    ) -> @Sendable (CompiledPlan) throws(DeploymentError) -> CompiledPlan {
        return { plan throws(DeploymentError) in
            do throws(DiagnosticError) {
                let ref = ServiceRollback.deployment(named: deployment, in: plan, namespace: namespace)
                return try ServiceRollback.plan(from: plan, deployment: deployment, toRevision: toRevision, namespace: namespace,
                                                verdicts: RunHistory.verdicts(for: ref, in: runs))
            } catch {
                throw reader.invalid(error)
            }
        }
    }
}
