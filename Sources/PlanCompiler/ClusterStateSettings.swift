import BosunBasics
import PlanLoading

/// What an environment keeps in its cluster: release records (`records:`, on by default for an
/// environment with a cluster) and the cluster lock, which records need (the run's record is
/// written when the lock is taken, and the lock's holder names the run).
struct ClusterStateSettings {
    var clusterLock = false
    var leaseSeconds: Int?
    var recordsKept: Int?
    var diagnostics = DiagnosticBag()

    /// `hasCluster`: the environment's steps connect to a cluster.
    init(document: PlanDocument, environment: EnvironmentSpec, hasCluster: Bool) {
        let records = environment.records ?? document.records
        if hasCluster, records?.enabled ?? true {
            recordsKept = records?.keep?.value ?? RecordsSpec.defaultKeep
        }
        if let explicit = environment.clusterLock {
            clusterLock = explicit.value
            if !explicit.value, recordsKept != nil {
                diagnostics.error(
                    "environment '\(environment.name.value)' keeps release records in its cluster, which needs the cluster lock",
                    at: explicit.location,
                    hint: "remove 'cluster_lock: false', or add 'records: false' to this environment to keep no records")
            }
        } else {
            clusterLock = recordsKept != nil
        }
        if let lease = environment.lockLease {
            switch ClusterStateBounds.lease.seconds(in: lease.value) {
            case .success(let seconds): leaseSeconds = Int(seconds.rounded(.up))
            case .failure(let problem): diagnostics.error(problem.message, at: lease.location, hint: problem.hint)
            }
        }
        // A lock without a cluster to keep it in: said where it was asked for.
        if clusterLock, !hasCluster, let explicit = environment.clusterLock {
            diagnostics.error("environment '\(environment.name.value)' has 'cluster_lock: true' but no step connects to a cluster",
                              at: explicit.location, hint: "add a connect step, or remove cluster_lock")
        }
    }
}
