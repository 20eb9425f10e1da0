import Foundation
import Testing

/// `bosun diff` shows the change itself (issue 13, item 6): it reported "0 steps change" after a
/// change to a kustomization that a `run:` step applies, named steps but never what changed in
/// them, could not compare a revision with the working tree, and always exited 0.
@Suite("bosun diff: what changed in each step, against a revision or the working tree")
struct DiffCommandTests {
    let plan = "plans/app/app.yaml"

    /// A plan whose `deploy` step applies a kustomization with `kubectl apply -k` in a `run:`
    /// step; the overlay names its base outside its own folder.
    static let kustomizePlan = """
        plan: app
        vars: { greeting: hello }
        environments:
          dev: { provider: kubectl, kubeconfig: kube.yaml }
        phases:
          - name: main
            steps:
              - connect: cluster
              - { id: deploy, run: [kubectl, apply, -k, k8s/overlays/prod] }
              - { id: greet, run: [echo, "${greeting}", world] }

        """

    static let deployment = """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          replicas: 1
          template:
            spec:
              containers:
                - name: web
                  image: registry/web:v1

        """

    private func kustomizeProject() throws -> GitProject {
        let project = try GitProject()
        try project.write("plans/app/app.yaml", Self.kustomizePlan)
        try project.write("plans/app/k8s/overlays/prod/kustomization.yaml", "resources:\n  - ../../base\n")
        try project.write("plans/app/k8s/base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
        try project.write("plans/app/k8s/base/deployment.yaml", Self.deployment)
        try project.write("plans/app/NOTES.md", "notes\n")
        return project
    }

    @Test("a change to a base that a run: step's kustomization names shows as a change of that step, with the file's unified diff")
    func kustomizationAppliedByRunStep() async throws {
        let project = try kustomizeProject()
        defer { project.remove() }
        try project.commit(version: "one")
        try project.git("tag", "v1")
        try project.write("plans/app/k8s/base/deployment.yaml", Self.deployment.replacingOccurrences(of: "replicas: 1", with: "replicas: 3"))
        try project.write("plans/app/NOTES.md", "notes\nmore notes\n")
        try project.commit(version: "one", message: "three replicas")

        let result = try await project.bosun(["diff", plan, "--env", "dev", "--rev", "v1", "--rev", "HEAD"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("2 files changed"), "\(result.stdout)")
        #expect(result.stdout.contains("~ deploy (file k8s/base/deployment.yaml)"), "\(result.stdout)")
        #expect(result.stdout.contains("""
                  --- a/plans/app/k8s/base/deployment.yaml
                  +++ b/plans/app/k8s/base/deployment.yaml
                  @@ -3,7 +3,7 @@ kind: Deployment
                   metadata:
                     name: web
                   spec:
                  -  replicas: 1
                  +  replicas: 3
                     template:
                       spec:
                         containers:
            """), "\(result.stdout)")
        #expect(!result.stdout.contains("~ greet"), "a step that reads nothing that changed is not listed")
        #expect(result.stdout.contains("files changed that no step reads:\n  file NOTES.md (modified):"), "\(result.stdout)")
    }

    @Test("with one --rev the working tree is compared, uncommitted and untracked files included")
    func againstWorkingTree() async throws {
        let project = try GitProject()
        defer { project.remove() }
        try project.commit(version: "one")
        try project.write("plans/app/version.txt", "edited, not committed\n")

        let result = try await project.bosun(["diff", plan, "--env", "dev", "--rev", "HEAD"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("HEAD (\(try project.git("rev-parse", "--short=7", "HEAD"))) → working tree: 1 step change"), "\(result.stdout)")
        #expect(result.stdout.contains("~ show (file version.txt)"))
        #expect(result.stdout.contains("      -one\n      +edited, not committed\n"), "\(result.stdout)")

        let json = try await project.bosun(["diff", plan, "--env", "dev", "--rev", "HEAD", "--json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(document["workingTree"] as? Bool == true)
        #expect(document["to"] is NSNull, "the working tree has no commit")
        #expect(document["changedFiles"] as? [String] == ["version.txt"])
        let file = try #require((document["files"] as? [[String: Any]])?.first)
        #expect(file["readBy"] as? [String] == ["show"])
        #expect((file["patch"] as? String)?.contains("+edited, not committed\n") == true)
    }

    @Test("a changed argv shows its old and new words, and the variable whose value changed them")
    func argvAndVariables() async throws {
        let project = try kustomizeProject()
        defer { project.remove() }
        try project.commit(version: "one")
        try project.git("tag", "v1")
        try project.write("plans/app/app.yaml", Self.kustomizePlan.replacingOccurrences(of: "greeting: hello", with: "greeting: \"good day\""))
        try project.commit(version: "one", message: "greet politely")

        let result = try await project.bosun(["diff", plan, "--env", "dev", "--rev", "v1", "--rev", "HEAD"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("""
            ~ greet (commands, variable greeting)
                command:
                  - echo hello world
                  + echo 'good day' world
                variable greeting: hello → good day
            """), "\(result.stdout)")
        #expect(result.stdout.contains("variables:\n  greeting: hello → good day\n"))

        let json = try await project.bosun(["diff", plan, "--env", "dev", "--rev", "v1", "--rev", "HEAD", "--json"])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let greet = try #require((document["changes"] as? [[String: Any]])?.first { $0["id"] as? String == "greet" })
        let command = try #require((greet["commands"] as? [[String: Any]])?.first)
        #expect((command["old"] as? [String: Any])?["argv"] as? [String] == ["echo", "hello", "world"])
        #expect((command["new"] as? [String: Any])?["argv"] as? [String] == ["echo", "good day", "world"], "the exact words")
    }

    @Test("--exit-code exits 1 when anything changed and 0 when nothing did; without it, 0")
    func exitCode() async throws {
        let project = try GitProject()
        defer { project.remove() }
        try project.commit(version: "one")
        try project.git("tag", "v1")

        let same = try await project.bosun(["diff", plan, "--env", "dev", "--rev", "v1", "--exit-code"])
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        #expect(same.stdout.contains("no changes"))

        try project.commit(version: "two")
        let changed = try await project.bosun(["diff", plan, "--env", "dev", "--rev", "v1", "--rev", "HEAD", "--exit-code"])
        #expect(changed.status == 1, "\(changed.stdout)\(changed.stderr)")
        let withoutFlag = try await project.bosun(["diff", plan, "--env", "dev", "--rev", "v1", "--rev", "HEAD"])
        #expect(withoutFlag.status == 0)
        // A file no step reads is a change too.
        try project.write("plans/app/NOTES.md", "notes\n")
        let untracked = try await project.bosun(["diff", plan, "--env", "dev", "--rev", "HEAD", "--exit-code"])
        #expect(untracked.status == 1, "\(untracked.stdout)\(untracked.stderr)")

        let unknown = try await project.bosun(["diff", plan, "--env", "dev", "--rev", "nope", "--exit-code"])
        #expect(unknown.status == 2, "an error is not a difference")
        let none = try await project.bosun(["diff", plan, "--env", "dev"])
        #expect(none.status != 0 && none.status != 1, "no revision is a usage error: \(none.status)")
        #expect(none.stderr.contains("give one revision"))
    }

    @Test("a secret's value in a changed manifest, and in a rendered manifest's diff, is masked")
    func secretMasked() async throws {
        let password = "pa55word-from-the-vault"
        let project = try GitProject()
        defer { project.remove() }
        try project.write("plans/app/app.yaml", """
            plan: app
            vars:
              password: { value: "${env:BOSUN_TEST_DB_PASSWORD}", secret: true }
              replicas: "1"
            environments:
              dev: { provider: kubectl, kubeconfig: kube.yaml }
            phases:
              - name: main
                steps:
                  - connect: cluster
                  - { id: db, apply: k8s/db.yaml }
                  - { id: app, apply: k8s/app.yaml, render: true }

            """)
        try project.write("plans/app/k8s/db.yaml", "kind: Secret\nmetadata: { name: db }\nstringData:\n  password: \(password)\n")
        try project.write("plans/app/k8s/app.yaml", "kind: ConfigMap\nmetadata: { name: app }\ndata:\n  replicas: \"${replicas}\"\n  password: \"${password}\"\n")
        try project.commit(version: "one")
        try project.write("plans/app/k8s/db.yaml", "kind: Secret\nmetadata: { name: db }\nstringData:\n  user: app\n  password: \(password)-rotated\n")
        try project.write("plans/app/app.yaml", try project.read("plans/app/app.yaml").replacingOccurrences(of: "replicas: \"1\"", with: "replicas: \"2\""))

        let environment = project.environment.merging(["BOSUN_TEST_DB_PASSWORD": password]) { $1 }
        for format in [[], ["--json"]] {
            let result = try await BosunProcess.start(["diff", plan, "--env", "dev", "--rev", "HEAD"] + format, in: project.root, environment: environment).finish()
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stdout.contains(password) && !result.stderr.contains(password), "\(result.stdout)")
            if format.isEmpty {
                #expect(result.stdout.contains("      -  password: ***\n      +  user: app\n      +  password: ***-rotated\n"), "\(result.stdout)")
                #expect(result.stdout.contains("           password: \"***\"\n"), "the rendered manifest's context line: \(result.stdout)")
            }
        }
    }

    @Test("a plan at the root of its repository, beside providers/, is compared too")
    func planAtRepositoryRoot() async throws {
        let project = try GitProject()
        defer { project.remove() }
        // A kubectl step: its argv holds the run folder, which is inside the plan's folder here.
        try project.write("app.yaml", """
            plan: app
            environments:
              dev: { provider: kubectl, kubeconfig: kube.yaml }
            phases:
              - name: cluster
                steps:
                  - connect: cluster
              - name: main
                steps:
                  - { id: show, run: [cat, version.txt] }
                  - { id: pods, run: [kubectl, get, pods] }

            """)
        try project.write("kube.yaml", try project.read("plans/app/kube.yaml"))
        try project.write("version.txt", "one\n")
        try project.write("providers/README", "this repository's provider profiles\n")
        try project.git("add", "-A")
        try project.git("commit", "-q", "-m", "a plan at the root")
        try project.write("version.txt", "two\n")

        let result = try await project.bosun(["diff", "app.yaml", "--env", "dev", "--rev", "HEAD", "--exit-code"])
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("~ show (file version.txt)"))
        #expect(result.stdout.contains("      -one\n      +two\n"), "\(result.stdout)")
        #expect(result.stdout.contains("working tree: 1 step change"), "only the step whose file changed: \(result.stdout)")
        #expect(!result.stdout.contains("pods"))
    }
}
