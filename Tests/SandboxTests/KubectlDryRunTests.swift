import Foundation
import Testing
@testable import Sandbox

/// The real kubectl's dry runs against a sandbox server behave as against a real cluster:
/// `kubectl diff` shows exactly what would change and exits 0 when nothing would, and no
/// `--dry-run=server` command writes anything. Before, `kubectl delete --dry-run=server` really
/// deleted (its dryRun travels in the DeleteOptions body), and the diff of a changed or new object
/// showed a resourceVersion it would never have.
@Suite("Sandbox server-side dry run through the real kubectl", .enabled(if: LiveSandbox.kubectl != nil))
struct KubectlDryRunTests {
    static func deployment(image: String = "web:1", namespace: String = "default", name: String = "web") -> String {
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: \(name)
          namespace: \(namespace)
        spec:
          replicas: 2
          selector:
            matchLabels:
              app: \(name)
          template:
            metadata:
              labels:
                app: \(name)
            spec:
              containers:
              - name: \(name)
                image: \(image)

        """
    }

    /// The two ways kubectl computes a diff: server-side apply, or its client-side three-way patch.
    enum Diff: String, CaseIterable, CustomTestStringConvertible {
        case serverSide = "server-side"
        case clientSide = "client-side"

        var testDescription: String { rawValue }
        var apply: [String] { self == .serverSide ? ["apply", "--server-side"] : ["apply"] }
        var diff: [String] { self == .serverSide ? ["diff", "--server-side", "--force-conflicts"] : ["diff"] }
    }

    /// The lines a unified diff removes or adds, each as its sign and its text without indentation
    /// or YAML list dash: `-image: web:1`. (Its context lines may show anything, resourceVersion too.)
    static func changes(in diff: String) -> [String] {
        diff.split(separator: "\n")
            .filter { ($0.hasPrefix("-") || $0.hasPrefix("+")) && !$0.hasPrefix("---") && !$0.hasPrefix("+++") }
            .map { line in
                var text = line.dropFirst().drop { $0 == " " }
                if text.hasPrefix("- ") { text = text.dropFirst(2) }
                return "\(line.first!)\(text)"
            }
    }

    /// A sandbox holding the Deployment "web" (image web:1) applied as `diff` expects it.
    private func withWeb(_ diff: Diff, _ body: (LiveSandbox) async throws -> Void) async throws {
        try await LiveSandbox.with { sandbox in
            let applied = try await sandbox.kubectl(diff.apply + ["-f", sandbox.manifest("web.yaml", Self.deployment())])
            try #require(applied.status == 0, "\(applied)")
            try await body(sandbox)
        }
    }

    @Test("kubectl diff of an unchanged manifest prints nothing and exits 0", arguments: Diff.allCases)
    func unchanged(_ diff: Diff) async throws {
        try await withWeb(diff) { sandbox in
            let before = try await sandbox.settledVersions()
            let run = try await sandbox.kubectl(diff.diff + ["-f", sandbox.manifest("web.yaml", Self.deployment())])
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.isEmpty, "\(run)")
            #expect(try await sandbox.settledVersions() == before)
        }
    }

    @Test("kubectl diff of a changed image shows the old and new image and the next generation, never a resourceVersion",
          arguments: Diff.allCases)
    func changedImage(_ diff: Diff) async throws {
        try await withWeb(diff) { sandbox in
            let before = try await sandbox.settledVersions()
            let run = try await sandbox.kubectl(diff.diff + ["-f", sandbox.manifest("web.yaml", Self.deployment(image: "web:2"))])
            #expect(run.status == 1, "\(run)")
            let changes = Self.changes(in: run.stdout)
            #expect(changes.contains("-image: web:1") && changes.contains("+image: web:2"), "\(run)")
            #expect(changes.contains("-generation: 1") && changes.contains("+generation: 2"), "\(run)")
            #expect(!changes.contains { $0.contains("resourceVersion") }, "a dry-run update keeps the current one\n\(run)")
            #expect(try await sandbox.settledVersions() == before)
        }
    }

    @Test("kubectl diff of a new object shows it whole, and creates nothing", arguments: Diff.allCases)
    func newObject(_ diff: Diff) async throws {
        try await withWeb(diff) { sandbox in
            let before = try await sandbox.settledVersions()
            let run = try await sandbox.kubectl(diff.diff + ["-f", sandbox.manifest("api.yaml", Self.deployment(image: "api:1", name: "api"))])
            #expect(run.status == 1, "\(run)")
            let changes = Self.changes(in: run.stdout)
            #expect(changes.contains("+name: api") && changes.contains("+image: api:1") && changes.contains("+generation: 1"), "\(run)")
            #expect(changes.contains { $0.hasPrefix("+uid: ") }, "\(run)")
            #expect(!changes.contains { $0.contains("resourceVersion") }, "a dry-run create has none: only storage gives one\n\(run)")
            #expect(try await sandbox.settledVersions() == before)
        }
    }

    @Test("kubectl diff into a namespace that does not exist fails naming the namespace", arguments: Diff.allCases)
    func missingNamespace(_ diff: Diff) async throws {
        try await withWeb(diff) { sandbox in
            let before = try await sandbox.settledVersions()
            let run = try await sandbox.kubectl(diff.diff + ["-f", sandbox.manifest("lost.yaml", Self.deployment(namespace: "nowhere"))])
            #expect(run.status > 1, "\(run)")
            #expect(run.stderr.contains(#"namespaces "nowhere" not found"#), "\(run)")
            #expect(try await sandbox.settledVersions() == before)
        }
    }

    @Test("a real kubectl apply of an unchanged manifest writes nothing, so takes no resourceVersion", arguments: Diff.allCases)
    func unchangedApply(_ diff: Diff) async throws {
        try await withWeb(diff) { sandbox in
            let before = try await sandbox.settledVersions()
            let run = try await sandbox.kubectl(diff.apply + ["-f", sandbox.manifest("web.yaml", Self.deployment())])
            #expect(run.status == 0, "\(run)")
            #expect(try await sandbox.settledVersions() == before)
        }
    }

    /// A kubectl command run with `--dry-run=server`; `{web}`, `{changed}` and `{new}` stand for
    /// the manifests of the Deployment "web" as applied, with image web:2, and of a new Deployment.
    struct DryRunCommand: CustomTestStringConvertible, Sendable {
        let arguments: [String]

        var testDescription: String { "kubectl " + arguments.joined(separator: " ") }

        static let all: [DryRunCommand] = [
            ["apply", "--server-side", "--force-conflicts", "--dry-run=server", "-f", "{changed}"],
            ["apply", "--server-side", "--force-conflicts", "--dry-run=server", "-f", "{new}"],
            ["apply", "--dry-run=server", "-f", "{changed}"],
            ["apply", "--dry-run=server", "-f", "{new}"],
            ["create", "--dry-run=server", "-f", "{new}"],
            ["delete", "--dry-run=server", "deployment", "web"],
            ["delete", "--dry-run=server", "-f", "{web}"],
            ["delete", "--dry-run=server", "namespace", "default"],
            ["scale", "--dry-run=server", "deployment", "web", "--replicas=5"],
            ["set", "image", "--dry-run=server", "deployment/web", "web=web:3"],
            ["label", "--dry-run=server", "deployment", "web", "tier=front"],
        ].map(DryRunCommand.init(arguments:))
    }

    @Test("a kubectl --dry-run=server command succeeds and leaves every object's resourceVersion and the server's as they were",
          arguments: DryRunCommand.all)
    func writesNothing(_ command: DryRunCommand) async throws {
        try await withWeb(.clientSide) { sandbox in
            let files = [
                "{web}": try sandbox.manifest("web.yaml", Self.deployment()),
                "{changed}": try sandbox.manifest("changed.yaml", Self.deployment(image: "web:2")),
                "{new}": try sandbox.manifest("new.yaml", Self.deployment(image: "api:1", name: "api")),
            ]
            let before = try await sandbox.settledVersions()
            #expect(before.count(of: .replicaSets) == 1 && before.count(of: .pods) == 2, "\(before)")
            let run = try await sandbox.kubectl(command.arguments.map { files[$0] ?? $0 })
            #expect(run.status == 0, "\(run)")
            #expect(run.stdout.contains("(server dry run)"), "\(run)")
            let after = try await sandbox.settledVersions()
            #expect(after == before)
        }
    }
}
