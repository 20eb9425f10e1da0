import Foundation
import Testing

/// What CI scripts rely on: exit 2 for every usage error, `last` for run ids, help that offers
/// only what a command takes, and machine-readable validation.
@Suite("the command-line contract")
struct CommandLineContractTests {
    static let plan = Project.header + """
          - name: main
            steps:
              - { id: first, run: [touch, first] }
              - { id: second, run: [sh, -c, "test -f fail-no-more || exit 1"], needs: [first] }

        """

    @Test("usage errors exit 2, as documented", arguments: [
        ["apply", "plan.yaml"],
        ["plan", "plan.yaml", "--env", "local", "--format", "yaml"],
        ["apply", "plan.yaml", "--env", "local", "--concurrency", "0"],
        ["apply", "plan.yaml", "--env", "local", "--target", "first", "--only", "first"],
        ["apply", "plan.yaml", "--env", "local", "--rerun-interrupted"],
        ["runs", "--no-such-option"],
        ["no-such-command"],
    ])
    func usageErrors(arguments: [String]) async throws {
        let project = try Project(plan: Self.plan, files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.contains("Error:"))
        #expect(!project.exists(".bosun"))
    }

    @Test("--resume last resumes the newest run of the plan on the environment")
    func resumeLast() async throws {
        let project = try Project(plan: Self.plan, files: Project.kubeconfig)
        defer { project.remove() }
        let failed = try await project.run(["apply", "plan.yaml", "--env", "local"])
        #expect(failed.status == 1)
        try "".write(toFile: project.path("fail-no-more"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: project.path("first"))
        let resumed = try await project.run(["apply", "plan.yaml", "--env", "local", "--resume", "last"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(!project.exists("first"), "the step that succeeded is not run again")
        let nothing = try await project.run(["apply", "plan.yaml", "--env", "local", "--resume", "last"])
        #expect(nothing.status == 2)
        #expect(nothing.stderr.contains("nothing to resume"))
    }

    @Test("--resume last with no run says so")
    func resumeLastWithoutRuns() async throws {
        let project = try Project(plan: Self.plan, files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["apply", "plan.yaml", "--env", "local", "--resume", "last"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no runs of demo on local"))
    }

    @Test("an unknown --only step is named with --only")
    func onlyError() async throws {
        let project = try Project(plan: Self.plan, files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["apply", "plan.yaml", "--env", "local", "--only", "secnod"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--only 'secnod' is not a step of demo on local"))
        #expect(result.stderr.contains("did you mean 'second'?"))
    }

    @Test("rollback --help offers no option that rollback refuses")
    func rollbackHelp() async throws {
        let project = try Project(plan: Self.plan, files: Project.kubeconfig)
        defer { project.remove() }
        let help = try await project.run(["rollback", "--help"])
        #expect(help.status == 0)
        for option in ["--target", "--only", "--resume", "--rerun-interrupted"] {
            #expect(!help.stdout.contains(option), "\(option)")
            let refused = try await project.run(["rollback", "plan.yaml", "--env", "local", option, "x"])
            #expect(refused.status == 2, "\(option)")
        }
    }

    @Test("validate --format json gives every diagnostic with file, line, column, severity, message and hint", arguments: [
        ("run: [touch, first]", "run: [touch, first], timout: 5s", "unknown key 'timout'", "did you mean 'timeout'?", 8),
        ("needs: [first]", "needs: [frist]", "frist", "did you mean 'first'?", 9),
    ])
    func validateJSON(original: String, broken: String, message: String, hint: String, line: Int) async throws {
        let project = try Project(plan: Self.plan.replacingOccurrences(of: original, with: broken), files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["validate", "plan.yaml", "--format", "json"])
        #expect(result.status == 2)
        #expect(result.stderr.isEmpty, "JSON only: \(result.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(report["valid"] as? Bool == false)
        #expect(report["version"] as? Int == 1)
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
        let diagnostic = try #require(diagnostics.first { ($0["message"] as? String ?? "").contains(message) })
        #expect(diagnostic["file"] as? String == "plan.yaml")
        #expect(diagnostic["line"] as? Int == line)
        #expect((diagnostic["column"] as? Int ?? 0) > 0)
        #expect(diagnostic["severity"] as? String == "error")
        #expect((diagnostic["hint"] as? String ?? "").contains(hint))
    }

    @Test("--version names the release and the commit the binary was built from")
    func version() async throws {
        let project = try Project(plan: Self.plan)
        defer { project.remove() }
        let result = try await project.run(["--version"])
        #expect(result.status == 0)
        let match = try #require(result.stdout.firstMatch(of: #/^bosun (\d+\.\d+\.\d+) \(commit ([0-9a-f]{12}(\+changes)?|unknown)\)$/#.anchorsMatchLineEndings()))
        // Built from this repository: the commit is one git knows.
        let commit = String(match.output.2).replacingOccurrences(of: "+changes", with: "")
        if commit != "unknown" {
            let known = try await BosunProcess.run(
                ["-c", #"git -C "$0" cat-file -t "$1""#, BosunProcess.repositoryRoot.path, commit], in: project.folder, shell: true)
            #expect(known.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "commit")
        }
    }

    @Test("the shell completions offer every command, the new ones included", arguments: ["bash", "zsh", "fish"])
    func completions(shell: String) async throws {
        let project = try Project(plan: Self.plan)
        defer { project.remove() }
        let result = try await project.run(["--generate-completion-script", shell])
        #expect(result.status == 0)
        for command in ["init", "providers", "validate", "apply", "rollback", "sandbox"] {
            #expect(result.stdout.contains(command), "\(shell): \(command)")
        }
    }
}
