import Foundation
import Testing

/// Inputs a plan does not declare are errors before anything runs, and a plan whose steps need the
/// cluster must connect to it first.
@Suite("strict inputs and cluster access")
struct StrictInputTests {
    static let plan = Project.header + """
          - name: main
            steps:
              - { id: greet, run: [sh, -c, "echo $0 > greeted", "${greeting}"] }

        """

    @Test("a mistyped --set exits 2 with a did-you-mean, and runs nothing")
    func mistypedSet() async throws {
        let project = try Project(plan: Self.plan, files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["apply", "plan.yaml", "--env", "local", "--set", "greting=hi"])
        #expect(result.status == 2, "\(result.stdout)\(result.stderr)")
        #expect(result.stderr.contains("--set greting=…: plan demo declares no variable 'greting'"), "\(result.stderr)")
        #expect(result.stderr.contains("did you mean 'greeting'?"))
        #expect(!project.exists("greeted"), "nothing ran")
        #expect(!project.exists(".bosun/runs"), "no run was journaled")
    }

    @Test("a mistyped BOSUN_VAR_ is an error too, and a built-in cannot be set")
    func mistypedEnvironmentVariable() async throws {
        let project = try Project(plan: Self.plan, files: Project.kubeconfig)
        defer { project.remove() }
        let typo = try await project.run(["plan", "plan.yaml", "--env", "local"], environment: ["BOSUN_VAR_greetng": "hi"])
        #expect(typo.status == 2)
        #expect(typo.stderr.contains("environment variable BOSUN_VAR_greetng: plan demo declares no variable 'greetng'"), "\(typo.stderr)")
        let declared = try await project.run(["apply", "plan.yaml", "--env", "local"], environment: ["BOSUN_VAR_greeting": "hi"])
        #expect(declared.status == 0, "\(declared.stderr)")
        #expect(try project.read("greeted") == "hi\n")
        let builtIn = try await project.run(["plan", "plan.yaml", "--env", "local", "--set", "environment=prod"])
        #expect(builtIn.status == 2)
        #expect(builtIn.stderr.contains("'environment' is built in and cannot be set"))
    }

    @Test("kubectl steps without a connect step are an error at validate, naming the step")
    func clusterStepsNeedConnect() async throws {
        let project = try Project(plan: Project.header + """
              - name: main
                steps:
                  - { id: pods, run: [kubectl, get, pods] }

            """, files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["validate", "plan.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("plan.yaml:8:9: error: step 'pods' uses the cluster, but the plan has no connect step in environment 'local'"),
                "\(result.stderr)")
        #expect(result.stderr.contains("add `- connect: cluster`"))

        let parallel = try Project(plan: Project.header + """
              - name: main
                parallel: true
                steps:
                  - connect: cluster
                  - { id: pods, run: [kubectl, get, pods] }

            """, files: Project.kubeconfig)
        defer { parallel.remove() }
        let early = try await parallel.run(["validate", "plan.yaml"])
        #expect(early.status == 2)
        #expect(early.stderr.contains("step 'pods' uses the cluster but may run before the connect step 'main/connect'"), "\(early.stderr)")
    }
}
