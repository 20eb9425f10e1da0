import BosunBasics
import Foundation
import PlanModel

/// The cluster-side lock of an environment: a `coordination.k8s.io/v1` Lease named after the plan
/// and environment in the `bosun-system` namespace, held by one run at a time, renewed while it
/// runs and deleted at the end. A holder that died stops renewing; once the lease has expired,
/// the next run takes it over (atomically: `kubectl replace` with the lease's resourceVersion).
/// The Lease names its holder's run, user, machine and process in annotations, for
/// `bosun lock status` and for the run that takes over, which marks the dead run's record.
package struct ClusterLease: Sendable {
    package static let namespace = ClusterKubectl.namespace
    package static let defaultDurationSeconds = 60

    package let name: String
    package let holder: String
    let runID: String
    let actor: Actor
    let durationSeconds: Int
    let kubectl: ClusterKubectl

    /// `name` is the Lease's (the plan's `cluster-lock` step names it); `holder` the identity
    /// written as its `holderIdentity`.
    package init(name: String, runID: String, actor: Actor, kubectl: ClusterKubectl, durationSeconds: Int = ClusterLease.defaultDurationSeconds) {
        self.name = name
        self.runID = runID
        self.actor = actor
        self.holder = "run \(runID) (pid \(actor.pid.map(String.init) ?? "?"), \(actor.text))"
        self.kubectl = kubectl
        self.durationSeconds = durationSeconds
    }

    /// Seconds between renewals: a third of the lease, so two renewals may fail before it lapses.
    var renewInterval: Double { Double(durationSeconds) / 3 }

    /// Who held the lease before this run took it, when someone did.
    package struct Takeover: Sendable {
        package var previous: LeaseStatus
        /// Evicted with `--force-unlock` (else: it had expired).
        package var forced: Bool
    }

    /// Takes the lease, or throws naming its holder. With `force`, a current holder is evicted
    /// first. Returns the holder it took the lease from (evicted, or expired), if any.
    func acquire(force: Bool) async throws(ClusterLockError) -> Takeover? {
        var takeover: Takeover?
        if force, let current = try await status() {
            takeover = Takeover(previous: current, forced: true)
            let deleted = await kubectl.run(["delete", "lease", name, "--namespace", Self.namespace, "--ignore-not-found"])
            guard deleted.succeeded else { throw .kubectl(deleted.message) }
        }
        var created = await kubectl.run(["create", "-f", "-"], stdin: manifest(resourceVersion: nil))
        if !created.succeeded, created.notFound {
            // The first run in this cluster: `bosun-system` is made then (a kubectl call saved on
            // every other run, each of which may run the provider's credential plugin).
            let namespace = await kubectl.ensureNamespace()
            guard namespace.succeeded else { throw .kubectl(namespace.message) }
            created = await kubectl.run(["create", "-f", "-"], stdin: manifest(resourceVersion: nil))
        }
        if created.succeeded { return takeover }
        guard created.alreadyExists else {
            throw .kubectl(created.message)
        }
        guard let current = try await status() else { return try await acquire(force: false) }
        guard current.expired else { throw .held(current) }
        // Expired: take it over, unless another run did so first (the resourceVersion check fails).
        let replaced = await kubectl.run(["replace", "-f", "-"], stdin: manifest(resourceVersion: current.resourceVersion))
        guard replaced.succeeded else {
            if replaced.conflict, let now = try await status() { throw .held(now) }
            throw .kubectl(replaced.message)
        }
        return Takeover(previous: current, forced: false)
    }

    /// Pushes the lease's expiry forward, only while this run still holds it (a JSON patch that
    /// tests the holder). False when the lease is gone or another run holds it: the lock was
    /// released or taken over; a failure to reach the cluster is left to the next renewal.
    func renew() async -> Bool {
        let patch: [[String: Any]] = [
            ["op": "test", "path": "/spec/holderIdentity", "value": holder],
            ["op": "replace", "path": "/spec/renewTime", "value": ISODate.text(Date())],
        ]
        let result = await kubectl.run(["patch", "lease", name, "--namespace", Self.namespace, "--type", "json", "-p", JSONText.of(patch)])
        if result.succeeded { return true }
        // Gone (NotFound), or its holder is another run: the `test` op failed, which API servers
        // answer as invalid (422) or a conflict. A cluster that does not answer is none of these.
        let output = result.output.lowercased()
        let lost = ["notfound", "not found", "test", "invalid", "unprocessable", "conflict"].contains { output.contains($0) }
        return !lost
    }

    /// Deletes the lease if this run still holds it.
    package func release() async {
        guard let current = try? await status(), current.holder == holder else { return }
        _ = await kubectl.run(["delete", "lease", name, "--namespace", Self.namespace, "--ignore-not-found"])
    }

    /// The lease as it is now, nil when nobody holds it.
    package func status() async throws(ClusterLockError) -> LeaseStatus? {
        do {
            return try await kubectl.object("lease", name).map(LeaseStatus.init(lease:))
        } catch {
            throw .kubectl(error.description)
        }
    }

    private func manifest(resourceVersion: String?) -> String {
        var metadata: [String: Any] = [
            "name": name, "namespace": Self.namespace,
            "labels": [RecordLabels.managedBy: "bosun", RecordLabels.component: "cluster-lock"],
            "annotations": [RecordLabels.run: runID, RecordLabels.user: actor.user, RecordLabels.host: actor.host,
                            RecordLabels.pid: actor.pid.map(String.init) ?? ""],
        ]
        if let resourceVersion { metadata["resourceVersion"] = resourceVersion }
        let now = ISODate.text(Date())
        return JSONText.of([
            "apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": metadata,
            "spec": ["holderIdentity": holder, "leaseDurationSeconds": durationSeconds, "acquireTime": now, "renewTime": now],
        ])
    }
}

/// A cluster lock's Lease as read back: who holds it, since when, until when.
package struct LeaseStatus: Sendable {
    package var name: String
    package var holder: String
    /// The holder's run and who started it from where (nil for a Lease of an older Bosun).
    package var runID: String?
    package var actor: Actor?
    package var acquiredAt: Date?
    package var renewedAt: Date?
    package var durationSeconds: Int
    package var resourceVersion: String

    package var expiresAt: Date? { renewedAt?.addingTimeInterval(Double(durationSeconds)) }
    package var expired: Bool { expiresAt.map { $0 < Date() } ?? true }

    /// Whether run `runID` holds the lock now: a record still `running` whose run does not is over.
    package func isHeld(by runID: String) -> Bool { self.runID == runID && !expired }

    init(lease object: [String: Any]) {
        let spec = object["spec"] as? [String: Any] ?? [:]
        let metadata = object["metadata"] as? [String: Any] ?? [:]
        let annotations = metadata["annotations"] as? [String: String] ?? [:]
        name = metadata["name"] as? String ?? ""
        holder = spec["holderIdentity"] as? String ?? "unknown"
        runID = annotations[RecordLabels.run]
        actor = annotations[RecordLabels.user].map {
            Actor(user: $0, host: annotations[RecordLabels.host] ?? "?", pid: annotations[RecordLabels.pid].flatMap { Int32($0) })
        }
        acquiredAt = (spec["acquireTime"] as? String).flatMap(ISODate.date(from:))
        renewedAt = (spec["renewTime"] as? String).flatMap(ISODate.date(from:))
        durationSeconds = spec["leaseDurationSeconds"] as? Int ?? ClusterLease.defaultDurationSeconds
        resourceVersion = metadata["resourceVersion"] as? String ?? ""
    }
}

/// Why the cluster lock could not be taken.
package enum ClusterLockError: Error, Sendable, CustomStringConvertible {
    case held(LeaseStatus)
    case kubectl(String)

    package var description: String {
        switch self {
        case .held(let lease):
            let renewed = lease.renewedAt.map { ", renewed \(ISODate.text($0))" } ?? ""
            let expires = lease.expiresAt.map { ", expires \(ISODate.text($0)) unless renewed" } ?? ""
            return "the environment is locked in the cluster by \(lease.holder) (lease \(ClusterLease.namespace)/\(lease.name)\(renewed)\(expires))\n"
                + "  hint: wait for that run (`bosun lock status` shows it); if it is gone for good, "
                + "`bosun lock release --force` or --force-unlock takes the lock (and is recorded)"
        case .kubectl(let output):
            return "cannot take the cluster lock: \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
    }
}
