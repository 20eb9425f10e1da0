import BosunBasics
import Foundation
import PlanModel

/// The cluster-side lock of an environment: a `coordination.k8s.io/v1` Lease named after the plan
/// and environment in the `bosun-system` namespace, held by one run at a time, renewed while it
/// runs and deleted at the end. A holder that died stops renewing; once the lease has expired,
/// the next run takes it over (atomically: `kubectl replace` with the lease's resourceVersion).
///
/// It drives the real kubectl with the run's kubeconfig, so it works against any cluster the
/// environment's provider connects to.
package struct ClusterLease: Sendable {
    package static let namespace = "bosun-system"

    package let name: String
    package let holder: String
    let durationSeconds: Int
    private let kubeconfig: String
    private let workingDirectory: String
    private let runner: any CommandRunner

    /// `name` is the Lease's (the plan's `cluster-lock` step names it); every kubectl call goes
    /// through `runner`, as a step's commands do.
    package init(name: String, holder: String, kubeconfig: String, workingDirectory: String, durationSeconds: Int = 60,
                runner: any CommandRunner = SubprocessRunner()) {
        self.name = name
        self.holder = holder
        self.kubeconfig = kubeconfig
        self.workingDirectory = workingDirectory
        self.durationSeconds = durationSeconds
        self.runner = runner
    }

    /// Seconds between renewals: a third of the lease, so two renewals may fail before it lapses.
    var renewInterval: Double { Double(durationSeconds) / 3 }

    /// Takes the lease, or throws naming its holder. With `force`, a current holder is evicted
    /// first; the evicted holder is returned so that the journal can record it.
    @discardableResult
    func acquire(force: Bool) async throws(ClusterLockError) -> String? {
        try await kubectl(["apply", "-f", "-"], stdin: Self.json(["apiVersion": "v1", "kind": "Namespace",
                                                                  "metadata": ["name": Self.namespace]]))
        var evicted: String?
        if force, let current = try await current() {
            evicted = current.holder
            try await kubectl(["delete", "lease", name, "--namespace", Self.namespace, "--ignore-not-found"])
        }
        let created = await run(["create", "-f", "-"], stdin: manifest(resourceVersion: nil))
        if created.succeeded { return evicted }
        guard created.output.contains("AlreadyExists") || created.output.contains("already exists") else {
            throw .kubectl(created.output)
        }
        guard let current = try await current() else { return try await acquire(force: false) }
        guard current.expired else {
            throw .held(name: "\(Self.namespace)/\(name)", holder: current.holder, renewedAt: current.renewedAt,
                        expiresAt: current.expiresAt)
        }
        // Expired: take it over, unless another run did so first (the resourceVersion check fails).
        let replaced = await run(["replace", "-f", "-"], stdin: manifest(resourceVersion: current.resourceVersion))
        guard replaced.succeeded else { throw .kubectl(replaced.output) }
        return current.holder
    }

    /// Pushes the lease's expiry forward; failures are left to the next renewal (or expiry).
    func renew() async {
        let patch = Self.json(["spec": ["renewTime": Self.microTime(Date())]])
        _ = await run(["patch", "lease", name, "--namespace", Self.namespace, "--type", "merge", "-p", patch])
    }

    package func release() async {
        _ = await run(["delete", "lease", name, "--namespace", Self.namespace, "--ignore-not-found"])
    }

    // MARK: Lease documents

    struct Current {
        var holder: String
        var renewedAt: Date?
        var duration: Int
        var resourceVersion: String

        var expiresAt: Date? { renewedAt?.addingTimeInterval(Double(duration)) }
        var expired: Bool { expiresAt.map { $0 < Date() } ?? true }
    }

    private func current() async throws(ClusterLockError) -> Current? {
        let result = await run(["get", "lease", name, "--namespace", Self.namespace, "-o", "json", "--ignore-not-found"])
        guard result.succeeded else { throw .kubectl(result.output) }
        guard !result.stdout.isEmpty,
              let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else { return nil }
        let spec = object["spec"] as? [String: Any] ?? [:]
        let metadata = object["metadata"] as? [String: Any] ?? [:]
        return Current(
            holder: spec["holderIdentity"] as? String ?? "unknown", renewedAt: (spec["renewTime"] as? String).flatMap(Self.parseTime),
            duration: spec["leaseDurationSeconds"] as? Int ?? durationSeconds,
            resourceVersion: metadata["resourceVersion"] as? String ?? "")
    }

    private func manifest(resourceVersion: String?) -> String {
        var metadata: [String: Any] = ["name": name, "namespace": Self.namespace]
        if let resourceVersion { metadata["resourceVersion"] = resourceVersion }
        let now = Self.microTime(Date())
        return Self.json([
            "apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": metadata,
            "spec": ["holderIdentity": holder, "leaseDurationSeconds": durationSeconds, "acquireTime": now, "renewTime": now],
        ])
    }

    // MARK: kubectl

    private struct Result {
        var succeeded: Bool
        var stdout: String
        /// Everything printed, for error messages.
        var output: String
    }

    private func kubectl(_ arguments: [String], stdin: String? = nil) async throws(ClusterLockError) {
        let result = await run(arguments, stdin: stdin)
        guard result.succeeded else { throw .kubectl(result.output) }
    }

    private func run(_ arguments: [String], stdin: String? = nil) async -> Result {
        let command = ExecCommand(["kubectl", "--kubeconfig", kubeconfig] + arguments, stdin: stdin, captureAs: "stdout")
        let (outcome, lines) = await runner.runCollecting(.exec(command), workingDirectory: workingDirectory, stepID: "cluster-lock")
        return Result(succeeded: outcome.succeeded, stdout: outcome.captured ?? "",
                      output: (lines + [outcome.message ?? ""]).joined(separator: "\n"))
    }

    // MARK: Formats

    static func microTime(_ date: Date) -> String {
        ISODate.text(date)
    }

    static func parseTime(_ text: String) -> Date? {
        ISODate.date(from: text)
    }

    private static func json(_ object: [String: Any]) -> String {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}

/// Why the cluster lock could not be taken.
enum ClusterLockError: Error, Sendable, CustomStringConvertible {
    case held(name: String, holder: String, renewedAt: Date?, expiresAt: Date?)
    case kubectl(String)

    var description: String {
        switch self {
        case .held(let name, let holder, let renewedAt, let expiresAt):
            let renewed = renewedAt.map { ", renewed \(ISODate.text($0))" } ?? ""
            let expires = expiresAt.map { ", expires \(ISODate.text($0)) unless renewed" } ?? ""
            return "the environment is locked in the cluster by \(holder) (lease \(name)\(renewed)\(expires))\n"
                + "  hint: wait for that run; if it is gone for good, --force-unlock takes the lock (and is journaled)"
        case .kubectl(let output):
            return "cannot take the cluster lock: \(output.trimmingCharacters(in: .whitespacesAndNewlines))"
        }
    }
}
