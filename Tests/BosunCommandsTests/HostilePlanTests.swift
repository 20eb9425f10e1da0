import Foundation
import Testing

/// Broken and malicious plans: each gets a clear, located error (exit 2) or runs safely; none
/// crashes, hangs or reaches a shell. The fixed corpus is in Tests/HostilePlans; the rest is
/// generated here (sizes that do not belong in a repository).
@Suite("hostile and broken plans")
struct HostilePlanTests {
    static let corpus = BosunProcess.repositoryRoot.appendingPathComponent("Tests/HostilePlans").path

    static let rejections: [(file: String, expected: String)] = [
        ("truncated.yaml", "truncated.yaml:4:1: error: invalid YAML"),
        ("wrong-types.yaml", "wrong-types.yaml:9:16: error: 'run' must be a list of arguments"),
        ("unicode-tricks.yaml", #"step id 'deploy\u{202E}txt.exe' has invisible characters"#),
        ("unicode-tricks.yaml", #"unknown key 'ti\u{200B}meout' in step (it contains invisible characters)"#),
        ("unicode-tricks.yaml", "(not ASCII: 'а' is U+430)"),
        ("variable-loops.yaml", "variable 'a' refers to itself: a -> b -> c -> a"),
        ("variable-loops.yaml", "empty variable reference '${}'"),
        ("variable-loops.yaml", "unterminated '${' in '${unterminated'"),
        ("cycle-of-one.yaml", "error: dependency cycle: ouroboros -> ouroboros"),
        ("escaping-paths.yaml", "manifest path '../../../../etc/passwd' is outside the plan's folder"),
        ("escaping-paths.yaml", "terraform dir '../../' is outside the plan's folder"),
        ("not-a-plan.yaml", "must be a mapping of keys to values, not a list"),
        ("binary.yaml", "binary.yaml:1:1: error: plan file is not UTF-8 text"),
        ("empty.yaml", "empty.yaml:1:1: error: the file is empty"),
        ("alias-bomb.yaml", "alias-bomb.yaml:1:1: error: the file uses 75 YAML aliases (*name); at most 32 are allowed"),
        // Found by libFuzzer: an alias used as a mapping key is hashed node by node (minutes).
        ("alias-key-bomb.yaml", "alias-key-bomb.yaml:1:1: error: the file uses 108 YAML aliases (*name); at most 32 are allowed"),
    ]

    /// A project holding the whole corpus beside a kubeconfig.
    private func corpusProject() throws -> Project {
        let project = try Project(plan: "", files: Project.kubeconfig)
        for file in try FileManager.default.contentsOfDirectory(atPath: Self.corpus) where file.hasSuffix(".yaml") {
            try FileManager.default.copyItem(atPath: Self.corpus + "/" + file, toPath: project.path(file))
        }
        return project
    }

    @Test("each broken plan in the corpus is rejected with a located error, never a crash", arguments: rejections)
    func rejected(file: String, expected: String) async throws {
        let project = try corpusProject()
        defer { project.remove() }
        let result = try await project.run(["validate", file])
        #expect(result.status == 2, "exit status \(result.status): \(result.stderr)")
        #expect(result.stderr.contains(expected), "\(result.stderr)")
    }

    @Test("shell syntax in every string is passed to commands literally: nothing is interpreted")
    func shellMetacharacters() async throws {
        let project = try corpusProject()
        defer { project.remove() }
        let result = try await project.run(["apply", "shell-metacharacters.yaml", "--env", "local"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("; touch pwned-var && echo $(touch pwned-subst) | tee pwned-pipe > pwned-redirect"))
        #expect(result.stdout.contains("`touch pwned-arg2`"))
        #expect(result.stdout.contains("[env-like] $PATH"))
        #expect(result.stdout.contains("[env-like] ${HOME}"))
        let files = try FileManager.default.contentsOfDirectory(atPath: project.folder)
        #expect(files.filter { $0.hasPrefix("pwned") }.isEmpty, "no shell ran: \(files)")
    }

    @Test("a 10,000-step plan compiles and validates")
    func tenThousandSteps() async throws {
        let steps = (0..<10_000).map { "      - { id: s\($0), run: [\"true\"] }" }.joined(separator: "\n")
        let project = try Project(plan: Project.header + "  - name: big\n    parallel: true\n    steps:\n" + steps + "\n", files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["validate", "plan.yaml"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("valid — local (10000 steps)"))
    }

    @Test("a cycle through 500 steps is reported as the whole path")
    func longCycle() async throws {
        let steps = (0..<500).map { "      - { id: c\($0), needs: [c\(($0 + 1) % 500)], run: [\"true\"] }" }.joined(separator: "\n")
        let project = try Project(plan: Project.header + "  - name: ring\n    parallel: true\n    steps:\n" + steps + "\n", files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["validate", "plan.yaml"])
        #expect(result.status == 2)
        let cycle = try #require(result.stderr.split(separator: "\n").first { $0.contains("dependency cycle") })
        #expect(cycle.components(separatedBy: " -> ").count == 501, "the path names all 500 steps and closes the ring")
    }

    @Test("deep nesting and a huge file are errors, not crashes or hangs")
    func deepAndHuge() async throws {
        let depth = 100_000
        let project = try Project(plan: "plan: deep\nvars:\n  a: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n",
                                  files: Project.kubeconfig)
        defer { project.remove() }
        let deep = try await project.run(["validate", "plan.yaml"])
        #expect(deep.status == 2)
        #expect(deep.stderr.contains("plan.yaml:3:"))
        #expect(deep.stderr.contains("nesting"))

        let huge = "plan: huge\nvars:\n" + (0..<200_000).map { "  v\($0): \"\(String(repeating: "x", count: 40))\"" }.joined(separator: "\n") + "\n"
        try huge.write(toFile: project.path("plan.yaml"), atomically: true, encoding: .utf8)
        let big = try await project.run(["validate", "plan.yaml"])
        #expect(big.status == 2, "a plan without environments or phases is still an error, after reading 10 MB")
        #expect(big.stderr.contains("plan.yaml:1:1: error:"))
    }
}
