import BosunBasics
import Execution
import Foundation
import Revisions

/// The runs of one environment, from this machine's journal and its cluster's records.
package struct EnvironmentHistory: Sendable {
    package var planName: String
    package var environment: String
    /// Newest first.
    package var runs: [RunSummary]
    /// Where the runs came from, for people: the state folder, and the cluster when read.
    package var sources: [String]
    /// Why the cluster's records could not be read, when they could not (the runs are then this
    /// machine's only).
    package var clusterProblem: String?
}

extension Deployment {
    /// The runs of `source`'s environment: this machine's journal in `stateDirectory` and, unless
    /// `localOnly` or the environment keeps no records, the records in its cluster. A cluster
    /// that cannot be reached is said in ``EnvironmentHistory/clusterProblem``, not thrown: the
    /// journal is still worth showing. `requireCluster` throws instead (a rollback must not
    /// choose its target from half the history).
    package static func history(
        _ source: PlanSource, stateDirectory: String, localOnly: Bool = false, requireCluster: Bool = false,
        control: RunControl = RunControl()
    ) async throws(DeploymentError) -> EnvironmentHistory {
        let planName = try source.policyAndName().planName
        let store = RunStore(stateDir: stateDirectory)
        let local = RunHistory.runs(of: planName, environment: source.environment, in: store)
        var history = EnvironmentHistory(planName: planName, environment: source.environment, runs: local,
                                         sources: [store.runsDirectory], clusterProblem: nil)
        if localOnly { return history }
        let connection: ClusterConnection?
        do {
            connection = try await connect(source, control: control)
        } catch {
            if requireCluster { throw error }
            if case .interrupted = error { throw error }
            history.clusterProblem = error.summary
            return history
        }
        guard let connection else { return history }
        defer { connection.close() }
        do throws(ClusterStateError) {
            let records = try await connection.records.list(planName: planName, environment: source.environment)
            let lease = try? await connection.lease?.status()
            history.runs = RunHistory.merged(local: local, cluster: records, lease: lease ?? nil)
            history.sources.append("the cluster of \(source.environment) (\(ClusterKubectl.namespace))")
        } catch {
            let problem = "cannot read the run records of \(source.environment) in its cluster: \(error)"
            if requireCluster { throw .refused(problem) }
            history.clusterProblem = problem
        }
        return history
    }
}
