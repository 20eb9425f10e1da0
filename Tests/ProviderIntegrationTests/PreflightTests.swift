import Foundation
import Testing

/// The preflight of `bosun apply`: every tool checked before any step starts.
@Suite("Preflight before apply")
struct PreflightTests {
    /// A PATH with the system's tools (sh, kubectl in /usr/bin) but neither terraform nor istioctl.
    static let searchPath = "/usr/bin:/bin"

    static let plan = """
        plan: needs-tools
        # kube.yaml is a dummy: no cluster to keep records in (docs/records.md).
        records: false
        environments:
          local: { provider: kubectl, kubeconfig: kube.yaml, terraform: { dir: tf } }
        phases:
          - name: infra
            steps:
              - terraform: module.vpc
          - name: mesh
            needs: []
            parallel: true
            steps:
              - { id: connect, connect: cluster }
              - { id: analyze, needs: [connect], run: [istioctl, analyze] }
              - { id: marker, run: [touch, ran] }
              - { id: helper, run: [./bin/helper.sh] }

        """

    private func sandbox() throws -> Sandbox {
        try Sandbox(plan: Self.plan, files: [
            "kube.yaml": "apiVersion: v1\nkind: Config\nclusters: []\ncontexts: []\nusers: []\n",
            "tf/main.tf": "",
        ])
    }

    private func apply(_ sandbox: Sandbox, _ extra: [String] = []) async throws -> CLI.Result {
        var environment = sandbox.environment([:], pathFolders: [])
        environment["PATH"] = Self.searchPath
        return try await CLI.run([CLI.bosun, "apply", "plan.yaml", "--env", "local"] + extra, in: sandbox.project, environment: environment)
    }

    @Test("missing tools are all reported at once, with the steps needing them, and nothing runs")
    func missingToolsReported() async throws {
        let sandbox = try sandbox()
        defer { sandbox.remove() }
        let result = try await apply(sandbox)
        #expect(result.status == 1)
        #expect(result.stderr.contains("3 tools this run needs are not ready:"), "\(result.output)")
        #expect(result.stderr.contains("istioctl: not found on PATH (needed by analyze)"))
        #expect(result.stderr.contains("terraform: not found on PATH (needed by terraform-init:tf, infra/module.vpc)"))
        #expect(result.stderr.contains("./bin/helper.sh: no executable file there (needed by helper)"))
        #expect(!result.stderr.contains("kubectl:"), "kubectl is on PATH")
        #expect(!FileManager.default.fileExists(atPath: sandbox.project + "/ran"), "no step ran")
        #expect(!FileManager.default.fileExists(atPath: sandbox.project + "/.bosun/runs"), "no run folder was left behind")
    }

    @Test("a --target run checks only the tools of the steps it runs")
    func targetedRunChecksItsOwnTools() async throws {
        let sandbox = try sandbox()
        defer { sandbox.remove() }
        let result = try await apply(sandbox, ["--target", "marker"])
        #expect(result.status == 0, "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: sandbox.project + "/ran"))
    }

    @Test("a tool that is present but cannot print its version is reported as not ready")
    func brokenTool() async throws {
        let sandbox = try sandbox()
        defer { sandbox.remove() }
        // A kubectl that exits 3: a stand-in for a broken install (the real one works here).
        try sandbox.write("#!/bin/sh\necho 'kubectl: cannot load its config' >&2\nexit 3\n", to: sandbox.root + "/broken-bin/kubectl")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sandbox.root + "/broken-bin/kubectl")
        var environment = sandbox.environment([:], pathFolders: [])
        environment["PATH"] = sandbox.root + "/broken-bin:" + Self.searchPath
        let result = try await CLI.run([CLI.bosun, "apply", "plan.yaml", "--env", "local", "--target", "analyze"],
                                 in: sandbox.project, environment: environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("kubectl: `kubectl version --client` exited with status 3: kubectl: cannot load its config"),
                "\(result.output)")
        #expect(result.stderr.contains("a tool of provider kubectl"))
    }

    @Test("plan --format json lists the tools the preflight will check")
    func toolsInJSON() async throws {
        let sandbox = try sandbox()
        defer { sandbox.remove() }
        let result = try await CLI.run([CLI.bosun, "plan", "plan.yaml", "--env", "local", "--format", "json"],
                                 in: sandbox.project, environment: sandbox.environment([:], pathFolders: []))
        #expect(result.status == 0, "\(result.output)")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let tools = try #require(document["tools"] as? [[String: Any]])
        let istioctl = try #require(tools.first { $0["program"] as? String == "istioctl" })
        #expect(istioctl["steps"] as? [String] == ["analyze"])
        #expect(istioctl["versionArgv"] as? [String] == ["istioctl", "version", "--remote=false"])
        let kubectl = try #require(tools.first { $0["program"] as? String == "kubectl" })
        #expect(kubectl["provider"] as? String == "kubectl")
    }
}
