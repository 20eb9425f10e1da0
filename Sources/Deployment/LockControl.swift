import BosunBasics
import Execution
import Foundation

/// `bosun lock status` and `bosun lock release`: the environment's cluster lock, seen and
/// cleared from any machine that can connect to it.
package struct LockReport: Sendable {
    package var planName: String
    package var environment: String
    /// `bosun-system/<lease>`.
    package var lease: String
    /// Nil when nobody holds it.
    package var status: LeaseStatus?
}

/// What `bosun lock release` did.
package struct LockRelease: Sendable {
    package var report: LockReport
    /// False when nobody held the lock.
    package var released: Bool
    /// The record of the evicted run now says who released its lock (nil: it had no record).
    package var recordedIn: String?
}

extension Deployment {
    /// The cluster lock of `source`'s environment as it is now.
    package static func lockStatus(_ source: PlanSource, control: RunControl = RunControl()) async throws(DeploymentError) -> LockReport {
        let connection = try await lockConnection(source, control: control)
        defer { connection.close() }
        return try await report(connection)
    }

    /// Releases the cluster lock: an expired one always; one still renewed only with `force`.
    /// The record of the run that held it says who released it, and when.
    package static func releaseLock(_ source: PlanSource, force: Bool, control: RunControl = RunControl())
        async throws(DeploymentError) -> LockRelease {
        let connection = try await lockConnection(source, control: control)
        defer { connection.close() }
        let report = try await report(connection)
        guard let status = report.status, let lease = connection.lease else {
            return LockRelease(report: report, released: false)
        }
        if !status.expired, !force {
            throw .refused("the cluster lock of \(report.environment) is held by \(status.holder), renewed "
                + "\(status.renewedAt.map(ISODate.text) ?? "?") (it is alive, or was until \(status.expiresAt.map(ISODate.text) ?? "?"))\n"
                + "  hint: wait for that run; if it is gone for good, add --force (the run's record will name you)")
        }
        let actor = Actor.current(withProcess: false)
        // kubectl's delete has no precondition: a run that took the Lease over between the read
        // and this delete would lose it (and say so loudly when it next renews).
        let deleted = await connection.kubectl.run(["delete", "lease", lease.name, "--namespace", ClusterKubectl.namespace, "--ignore-not-found"])
        guard deleted.succeeded else { throw .refused("cannot release the cluster lock: \(deleted.message)") }
        var recordedIn: String?
        if let runID = status.runID {
            let how = status.expired ? "its cluster lock had expired" : "its cluster lock was still renewed"
            do throws(ClusterStateError) {
                try await connection.records.markOver(
                    runID: runID, outcome: .interrupted,
                    note: "interrupted: \(how) when \(actor.text) released it with `bosun lock release --force` at \(ISODate.text(Date()))")
                recordedIn = "\(ClusterKubectl.namespace)/configmap/\(RecordLabels.recordName(runID: runID))"
            } catch {
                throw .refused("the lock was released, but the record of run \(runID) could not say so: \(error)")
            }
        }
        return LockRelease(report: report, released: true, recordedIn: recordedIn)
    }

    private static func lockConnection(_ source: PlanSource, control: RunControl) async throws(DeploymentError) -> ClusterConnection {
        guard let connection = try await connect(source, control: control) else {
            throw .refused("environment '\(source.environment)' has no cluster lock: it keeps no records and has no "
                + "`cluster_lock: true` (its runs are locked on their machine only)")
        }
        return connection
    }

    private static func report(_ connection: ClusterConnection) async throws(DeploymentError) -> LockReport {
        guard let lease = connection.lease else { throw .refused("the plan has no cluster lock step") }
        do {
            return LockReport(planName: connection.plan.planName, environment: connection.plan.environment,
                              lease: "\(ClusterKubectl.namespace)/\(lease.name)", status: try await lease.status())
        } catch {
            throw .refused("cannot read the cluster lock: \(error)")
        }
    }
}
