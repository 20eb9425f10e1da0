import BosunBasics
import Foundation
import PlanModel

/// kubectl with one kubeconfig, for Bosun's own objects in `bosun-system` (the cluster lock, the
/// run records, approvals): real kubectl through a ``CommandRunner``, as a step's commands run,
/// so it works against any cluster the environment's provider connects to.
package struct ClusterKubectl: Sendable {
    package static let namespace = "bosun-system"

    let kubeconfig: String
    let workingDirectory: String
    let runner: any CommandRunner

    package init(kubeconfig: String, workingDirectory: String, runner: any CommandRunner = SubprocessRunner()) {
        self.kubeconfig = kubeconfig
        self.workingDirectory = workingDirectory
        self.runner = runner
    }

    /// What one kubectl call printed.
    package struct Result: Sendable {
        package var succeeded: Bool
        package var stdout: String
        /// Everything printed, for error messages.
        package var output: String

        /// kubectl's own error, for messages: the output trimmed.
        package var message: String { output.trimmingCharacters(in: .whitespacesAndNewlines) }
        package var notFound: Bool { output.contains("NotFound") || output.contains("not found") }
        package var alreadyExists: Bool { output.contains("AlreadyExists") || output.contains("already exists") }
        package var conflict: Bool { output.contains("Conflict") || output.contains("the object has been modified") }
    }

    /// Runs `kubectl --kubeconfig K ARGUMENTS`. Standard output goes to a private file read back
    /// whole (a listing of hundreds of records is larger than a step's capture).
    package func run(_ arguments: [String], stdin: String? = nil) async -> Result {
        guard let folder = try? PrivateFiles.temporaryFolder(prefix: "bosun-kubectl") else {
            return Result(succeeded: false, stdout: "", output: "cannot create a private folder in \(FileManager.default.temporaryDirectory.path)")
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = folder + "/stdout"
        let command = ExecCommand(["kubectl", "--kubeconfig", kubeconfig] + arguments, stdoutFile: file, stdin: stdin)
        // Named as the lock step: the runner of a run sees them as that step's commands.
        let (outcome, lines) = await runner.runCollecting(.exec(command), workingDirectory: workingDirectory, stepID: "cluster-lock")
        let stdout = (FileManager.default.contents(atPath: file)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return Result(succeeded: outcome.succeeded, stdout: stdout,
                      output: (lines + [outcome.message ?? ""]).filter { !$0.isEmpty }.joined(separator: "\n"))
    }

    /// Creates `bosun-system` when it does not exist yet.
    package func ensureNamespace() async -> Result {
        let existing = await run(["get", "namespace", Self.namespace, "--ignore-not-found", "-o", "name"])
        if existing.succeeded, !existing.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return existing }
        let created = await run(["create", "namespace", Self.namespace])
        if !created.succeeded, created.alreadyExists {
            return Result(succeeded: true, stdout: "", output: "")
        }
        return created
    }

    /// One object as JSON, nil when it does not exist.
    package func object(_ kind: String, _ name: String) async throws(ClusterStateError) -> [String: Any]? {
        let result = await run(["get", kind, name, "--namespace", Self.namespace, "-o", "json", "--ignore-not-found"])
        guard result.succeeded else { throw .kubectl(result.message) }
        guard !result.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        guard let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw .unreadable("kubectl did not print \(kind) \(name) as JSON")
        }
        return object
    }

    /// A merge patch of one object in `bosun-system`.
    package func mergePatch(_ kind: String, _ name: String, _ patch: [String: Any]) async -> Result {
        await run(["patch", kind, name, "--namespace", Self.namespace, "--type", "merge", "-p", JSONText.of(patch)])
    }
}

/// Why Bosun's objects in the cluster could not be read or written.
package enum ClusterStateError: Error, Sendable, CustomStringConvertible {
    case kubectl(String)
    case unreadable(String)

    package var description: String {
        switch self {
        case .kubectl(let output): "kubectl failed: \(output)"
        case .unreadable(let what): what
        }
    }
}
