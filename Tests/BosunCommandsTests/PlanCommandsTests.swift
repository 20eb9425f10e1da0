import Foundation
import Testing

@Suite("validate, plan and graph from the command line")
struct PlanCommandsTests {
    @Test("an invalid plan exits 2 and prints every error as file:line:column")
    func invalidPlanExitsTwo() async throws {
        let project = try Project(plan: Project.header + """
              - name: a
                steps:
                  - { id: x, run: [echo, "${nope}"], timout: 5s }
                  - { id: x, apply: missing.yaml }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["validate", "plan.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("plan.yaml:8:42: error: unknown key 'timout' in step"))
        #expect(result.stderr.contains("hint: did you mean 'timeout'?"))
        #expect(result.stdout.isEmpty)
        let invalid = try await project.run(["plan", "plan.yaml", "--env", "local"])
        #expect(invalid.status == 2)
    }

    @Test("compile errors of all kinds come out together")
    func compileErrorsTogether() async throws {
        let project = try Project(plan: Project.header + """
              - name: a
                steps:
                  - { id: x, run: [echo, "${nope}"] }
                  - { id: x, apply: missing.yaml }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["validate", "plan.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("error: unknown variable '${nope}'"))
        #expect(result.stderr.contains("error: duplicate step id 'x'"))
        #expect(result.stderr.contains("error: manifest path 'missing.yaml' does not exist"))
        #expect(result.stderr.contains("3 errors in plan.yaml"))
    }

    @Test("a valid plan validates for every environment")
    func validPlan() async throws {
        let project = try Project(plan: Project.header + "  - name: a\n    steps:\n      - run: [echo, hi]\n", files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["validate", "plan.yaml"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("valid — local (1 steps)"))
    }

    @Test("plan --format json gives CI the exact argv of every step, by level")
    func planJSON() async throws {
        let project = try Project(plan: Project.header + """
              - name: a
                steps:
                  - { id: hello, run: [echo, "${greeting}", "a b;c"] }
                  - { id: after, run: ["true"] }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["plan", "plan.yaml", "--env", "local", "--format", "json", "--set", "greeting=hi there"])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let steps = try #require(json["steps"] as? [[String: Any]])
        #expect(steps.map { $0["id"] as? String } == ["hello", "after"])
        let command = try #require((steps[0]["commands"] as? [[String: Any]])?.first)
        #expect(command["argv"] as? [String] == ["echo", "hi there", "a b;c"])
        #expect(steps[1]["needs"] as? [String] == ["hello"])
        #expect(json["levels"] as? [[String]] == [["hello"], ["after"]])
    }

    @Test("plan text shows each step with its commands quoted for a shell")
    func planText() async throws {
        let project = try Project(plan: Project.header + "  - name: a\n    steps:\n      - { id: hello, run: [echo, \"a b;c\"] }\n",
                                  files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["plan", "plan.yaml", "--env", "local"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("$ echo 'a b;c'"))
        #expect(result.stdout.contains("Critical path (1 steps): hello"))
    }

    @Test("graph prints DOT and Mermaid with one cluster per phase")
    func graph() async throws {
        let project = try Project(plan: Project.header + """
              - name: first
                steps:
                  - { id: one, run: ["true"] }
              - name: second
                steps:
                  - { id: two, run: ["true"] }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let dot = try await project.run(["graph", "plan.yaml", "--env", "local", "--format", "dot"])
        #expect(dot.status == 0)
        #expect(dot.stdout.hasPrefix("digraph"))
        #expect(dot.stdout.contains("subgraph \"cluster_first\""))
        let mermaid = try await project.run(["graph", "plan.yaml", "--env", "local", "--format", "mermaid"])
        #expect(mermaid.stdout.hasPrefix("flowchart LR"))
        #expect(mermaid.stdout.contains("[\"two\"]"))
    }

    @Test("an unknown environment is a usage error naming the environments")
    func unknownEnvironment() async throws {
        let project = try Project(plan: Project.header + "  - name: a\n    steps:\n      - run: [\"true\"]\n", files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["plan", "plan.yaml", "--env", "prod"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown environment 'prod'"))
        #expect(result.stderr.contains("environments of this plan: local"))
    }

    @Test("a manifest that is a symlink out of the plan's folder is refused")
    func symlinkOutOfPlanFolder() async throws {
        let project = try Project(plan: Project.header + "  - name: a\n    steps:\n      - apply: k8s/app.yaml\n",
                                  files: Project.kubeconfig.merging(["k8s/.keep": ""]) { $1 })
        defer { project.remove() }
        try FileManager.default.createSymbolicLink(atPath: project.path("k8s/app.yaml"), withDestinationPath: "/etc/hostname")
        let result = try await project.run(["validate", "plan.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("plan.yaml:8:16: error: manifest path 'k8s/app.yaml' is a symlink leading outside the plan's folder"))
    }

    @Test("a step after a big parallel phase needs 'phase NAME', not every step of it: output stays linear")
    func needsThroughBigPhases() async throws {
        let wide = (0..<50).map { "      - { id: w\($0), run: [\"true\"] }" }.joined(separator: "\n")
        let project = try Project(plan: Project.header + "  - name: wide\n    parallel: true\n    steps:\n" + wide + """

              - name: small
                parallel: true
                steps:
                  - { id: a, run: ["true"] }
                  - { id: b, run: ["true"] }
              - name: last
                steps:
                  - { id: after-small, run: ["true"] }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["plan", "plan.yaml", "--env", "local", "--format", "json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let needs = Dictionary(uniqueKeysWithValues: (json["steps"] as! [[String: Any]]).map { ($0["id"] as! String, $0["needs"] as! [String]) })
        #expect(needs["a"] == ["phase wide"])
        #expect(needs["after-small"] == ["a", "b"], "a small phase is listed step by step")
    }

    @Test("a missing plan file says so and exits 2")
    func missingPlan() async throws {
        let project = try Project(plan: "", files: [:])
        defer { project.remove() }
        let result = try await project.run(["plan", "nowhere.yaml", "--env", "dev"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("nowhere.yaml:1:1: error: cannot read plan file"))
    }
}
