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
        // Durations and counts past their bounds crashed runs (issue 12, item 9).
        ("unbounded-numbers.yaml", "unbounded-numbers.yaml:13:48: error: 'timeout' is out of range: '9223372036854775807'\n  hint: 'timeout' is from 1ms to 168h (7 days)"),
        ("unbounded-numbers.yaml", "unbounded-numbers.yaml:14:44: error: 'timeout' is out of range: '1e26'"),
        ("unbounded-numbers.yaml", "unbounded-numbers.yaml:15:45: error: 'timeout' is out of range: '1e308'"),
        ("unbounded-numbers.yaml", "unbounded-numbers.yaml:16:46: error: 'timeout' is out of range: '99999999999999999999h'"),
        ("unbounded-numbers.yaml", "unbounded-numbers.yaml:17:45: error: 'timeout' is out of range: '0s'"),
        ("unbounded-numbers.yaml", "unbounded-numbers.yaml:18:49: error: 'timeout' is out of range: '-5s'"),
        ("unbounded-numbers.yaml", "unbounded-numbers.yaml:19:53: error: 'timeout' is not a duration: 'nan'"),
        ("unbounded-numbers.yaml", "unbounded-numbers.yaml:20:49: error: 'timeout' is out of range: 'inf'"),
        ("unbounded-numbers.yaml", "unbounded-numbers.yaml:21:48: error: 'retries' is out of range: '9223372036854775807'\n  hint: 'retries' is a whole number from 0 to 100"),
        ("unbounded-numbers.yaml", "unbounded-numbers.yaml:22:54: error: 'retries' is out of range: '99999999999999999999'"),
        ("unbounded-numbers.yaml", "unbounded-numbers.yaml:25:61: error: 'wait.timeout' is out of range: '1e20'"),
        ("unbounded-numbers.yaml", "unbounded-numbers.yaml:26:76: error: 'rollout.timeout' is out of range: '1e20'"),
        ("unbounded-numbers.yaml", "unbounded-numbers.yaml:27:57: error: 'check.interval' is out of range: '1e20'\n  hint: 'check.interval' is from 0s to 1h"),
        ("unbounded-numbers.yaml", "unbounded-numbers.yaml:27:72: error: 'check.retries' is out of range: '9223372036854775807'\n  hint: 'check.retries' is a whole number from 0 to 1000"),
        ("unbounded-variables.yaml", "unbounded-variables.yaml:13:45: error: 'timeout' is out of range: '1e20' (from '${forever}')"),
        ("unbounded-variables.yaml", "unbounded-variables.yaml:14:93: error: 'wait.timeout' is out of range: '0' (from '${never}')"),
        ("unbounded-variables.yaml", "unbounded-variables.yaml:15:76: error: 'rollout.timeout' is out of range: '200h' (from '${eventually}')"),
        ("unbounded-variables.yaml", "unbounded-variables.yaml:16:57: error: 'check.interval' is out of range: '1e20' (from '${forever}')"),
        // Values that double with each variable reached gigabytes (item 10).
        ("doubling-variables.yaml", "doubling-variables.yaml:25:3: error: variable 'v20' is longer than 1 MiB once resolved"),
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

    // MARK: Variables (issue 12, item 10)

    /// `vars:` of a chain `v0 -> v1 -> … -> v<depth>`, whose last variable is `last`, and a step echoing `${v0}`.
    private func chainPlan(depth: Int, last: String) -> String {
        var lines = ["plan: chain", "vars:"]
        lines += (0..<depth).map { "  v\($0): \"${v\($0 + 1)}\"" }
        lines.append("  v\(depth): \(last)")
        return lines.joined(separator: "\n") + "\n" + Project.header.replacingOccurrences(of: "plan: demo\nvars: { greeting: hello }\n", with: "")
            + "  - name: a\n    steps:\n      - { id: say, run: [echo, \"${v0}\"] }\n"
    }

    @Test("a chain of 3,000 variables resolves (it overflowed the stack with no output)")
    func threeThousandDeepChain() async throws {
        let project = try Project(plan: chainPlan(depth: 3_000, last: "the-end"), files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["plan", "plan.yaml", "--env", "local"])
        #expect(result.status == 0, "exit status \(result.status): \(result.stderr.prefix(500))")
        #expect(result.stdout.contains("$ echo the-end"))
    }

    @Test("a chain of 100,000 variables resolves; closed into a ring it is one short, located error")
    func hundredThousandDeepChain() async throws {
        let depth = 100_000
        let project = try Project(plan: chainPlan(depth: depth, last: "the-end"), files: Project.kubeconfig)
        defer { project.remove() }
        let chain = try await project.run(["validate", "plan.yaml"])
        #expect(chain.status == 0, "exit status \(chain.status): \(chain.stderr.prefix(500))")

        try chainPlan(depth: depth, last: "\"${v0}\"").write(toFile: project.path("plan.yaml"), atomically: true, encoding: .utf8)
        let ring = try await project.run(["validate", "plan.yaml"])
        #expect(ring.status == 2, "exit status \(ring.status)")
        #expect(ring.stderr.contains("plan.yaml:3:3: error: variable 'v0' refers to itself: v0 -> v1 -> v2"), "\(ring.stderr.prefix(500))")
        #expect(ring.stderr.contains("… 99990 more … -> v99999 -> v100000 -> v0"), "\(ring.stderr.prefix(500))")
        #expect(ring.stderr.utf8.count < 2_000, "the loop is shortened, not 100,000 names long")
    }

    @Test("a megabyte variable copied into a hundred steps passes the 64 MiB budget of a plan and is refused")
    func expansionBudget() async throws {
        // v19 is 1 MiB: the largest value allowed; a hundred steps use it.
        let doubling = (1..<20).map { "  v\($0): \"${v\($0 - 1)}${v\($0 - 1)}\"" }.joined(separator: "\n")
        let steps = (0..<100).map { "      - { id: s\($0), run: [echo, \"${v19}\"] }" }.joined(separator: "\n")
        let plan = "plan: budget\nvars:\n  v0: ab\n" + doubling + "\nenvironments:\n  local: { provider: kubectl, kubeconfig: kube.yaml }\n"
            + "phases:\n  - name: a\n    parallel: true\n    steps:\n" + steps + "\n"
        let project = try Project(plan: plan, files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["validate", "plan.yaml"])
        #expect(result.status == 2, "exit status \(result.status)")
        #expect(result.stderr.contains("error: variables expand to more than 64 MiB in all, here at '${v19}'"), "\(result.stderr.prefix(500))")
        #expect(result.stderr.contains("plan.yaml:"))
    }

    // MARK: Files read through symlinks (issue 12, item 12)

    @Test("a folder step whose manifest is a symlink out of the plan's folder is refused at its apply: line")
    func symlinkInAppliedFolder() async throws {
        let outside = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-outside-\(UUID().uuidString).yaml").path
        try "apiVersion: v1\nkind: Secret\nmetadata: { name: stolen }\n".write(toFile: outside, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        let plan = Project.header + "  - name: c\n    steps:\n      - connect: cluster\n  - name: a\n    steps:\n      - apply: k8s\n"
        let project = try Project(plan: plan, files: Project.kubeconfig.merging(["k8s/ok.yaml": "kind: ConfigMap\n"]) { $1 })
        defer { project.remove() }
        try FileManager.default.createSymbolicLink(atPath: project.path("k8s/inside.yaml"), withDestinationPath: "ok.yaml")
        let fine = try await project.run(["validate", "plan.yaml"])
        #expect(fine.status == 0, "a symlink inside the folder stays fine: \(fine.stderr)")

        try FileManager.default.createSymbolicLink(atPath: project.path("k8s/x.yaml"), withDestinationPath: outside)
        let result = try await project.run(["validate", "plan.yaml"])
        #expect(result.status == 2, "exit status \(result.status): \(result.stderr)")
        #expect(result.stderr.contains("plan.yaml:11:16: error: manifest 'k8s/x.yaml' is a symlink leading outside the plan's folder, to '\(outside)'"),
                "\(result.stderr)")
        #expect(!result.stderr.contains("inside.yaml"))
    }
}
