import BosunBasics
import Execution
import PlanCompiler
import PlanModel
import Revisions

/// The rules of `bosun rollback`: which release comes back, with which variables, and the plan
/// of an operator's rollback of one service.
package enum Rollback {
    /// The environment's live release and the release a rollback restores.
    package static func target(planName: String, environment: String, stateDirectory: String) throws(DeploymentError)
        -> (choice: RunHistory.RollbackTarget, commit: String) {
        let runs = RunHistory.runs(of: planName, environment: environment, in: RunStore(stateDir: stateDirectory))
        guard let choice = RunHistory.rollbackTarget(in: runs), let commit = choice.target.commit else {
            throw .refused("no earlier good release of \(planName) on \(environment) to roll back to (\(runs.count) runs journaled)")
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
    /// `toRevision`, or the newest earlier revision Bosun saw healthy in these runs.
    package static func servicePlan(
        _ deployment: String, toRevision: Int?, namespace: String?, planName: String, environment: String, stateDirectory: String,
        reader: PlanReader
    ) -> @Sendable (CompiledPlan) throws(DeploymentError) -> CompiledPlan {
        let runs = RunHistory.runs(of: planName, environment: environment, in: RunStore(stateDir: stateDirectory))
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
