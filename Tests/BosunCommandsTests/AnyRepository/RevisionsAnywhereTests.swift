import Foundation
import Testing

/// Revision runs of plans wherever they sit in a repository, machine-local files they do not
/// hold, and the one state folder a repository's runs share.
@Suite("revisions and state anywhere in a repository")
struct RevisionsAnywhereTests {
    /// A plan at the root of the repository, next to a providers/ folder of its own.
    static let rootPlan = """
        plan: root
        environments:
          dev: { provider: kubectl, kubeconfig: kube.yaml }
        phases:
          - name: main
            steps:
              - { id: show, run: [cat, version.txt] }

        """

    @Test("a plan at the repository's root beside providers/ runs from a revision, plans from it and is diffed")
    func planAtTheRoot() async throws {
        let project = try GitProject()
        defer { project.remove() }
        try project.write("deploy.yaml", Self.rootPlan)
        try project.write("kube.yaml", Project.kubeconfig["kube.yaml"]!)
        try project.write("version.txt", "one\n")
        try project.write("providers/README", "profiles of this repository\n")
        try project.git("add", "-A")
        try project.git("commit", "-q", "-m", "root plan")
        try project.git("tag", "v1")
        try project.write("version.txt", "two\n")
        try project.git("commit", "-q", "-am", "two")

        let apply = try await project.bosun(["apply", "deploy.yaml", "--env", "dev", "--rev", "v1"])
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stdout.contains("[show] one"))
        let plan = try await project.bosun(["plan", "deploy.yaml", "--env", "dev", "--rev", "v1"])
        #expect(plan.status == 0, "\(plan.stderr)")
        let diff = try await project.bosun(["diff", "deploy.yaml", "--env", "dev", "--rev", "v1", "--rev", "HEAD"])
        #expect(diff.status == 0, "\(diff.stderr)")
        #expect(diff.stdout.contains("show"))
    }

    @Test("a kubeconfig the revision does not hold is read from the working tree, and the journal says so")
    func untrackedKubeconfig() async throws {
        let project = try GitProject()
        defer { project.remove() }
        try project.commit(version: "one")
        // Like the sandbox's: present on this machine, never committed.
        try project.git("rm", "-q", "--cached", "plans/app/kube.yaml")
        try project.git("commit", "-q", "-m", "the kubeconfig is machine-local")
        #expect(FileManager.default.fileExists(atPath: project.root + "/plans/app/kube.yaml"))

        let plan = try await project.bosun(["plan", "plans/app/app.yaml", "--env", "dev", "--rev", "HEAD"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(!plan.stderr.contains("not found"), "the working tree's file is found")

        let apply = try await project.bosun(["apply", "plans/app/app.yaml", "--env", "dev", "--rev", "HEAD"])
        #expect(apply.status == 0, "\(apply.stderr)")
        let source = try project.newestRunSource()
        #expect(source["localFiles"] as? [String] == [project.root + "/plans/app/kube.yaml"])
        let show = try await project.bosun(["show", "last"])
        #expect(show.stdout.contains("read from the working tree (not in the revision): \(project.root)/plans/app/kube.yaml"))
    }

    @Test("a missing kubeconfig is a warning of validate with its path, a failed check of doctor, and refused by apply before anything runs")
    func missingKubeconfig() async throws {
        let plan = Project.header.replacingOccurrences(of: "kubeconfig: kube.yaml", with: "kubeconfig: cluster/kubeconfig") + """
              - name: main
                steps:
                  - connect: cluster
                  - { id: greet, run: [touch, greeted] }

            """
        let project = try Project(plan: plan)
        defer { project.remove() }
        let missing = project.path("cluster/kubeconfig")
        let validate = try await project.run(["validate", "plan.yaml"])
        #expect(validate.status == 0)
        #expect(validate.stderr.contains("plan.yaml:4:"))
        #expect(validate.stderr.contains("warning: kubeconfig file not found: \(missing)"))

        let json = try await project.run(["validate", "plan.yaml", "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(report["valid"] as? Bool == true)
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.first?["severity"] as? String == "warning")
        #expect(diagnostics.first?["line"] as? Int == 4)

        let doctor = try await project.run(["doctor", "plan.yaml", "--env", "local"])
        #expect(doctor.status == 1)
        #expect(doctor.stdout.contains("kubeconfig: \(missing)"))
        #expect(doctor.stdout.contains("not run: a local file of the provider is missing"))

        let apply = try await project.run(["apply", "plan.yaml", "--env", "local"])
        #expect(apply.status == 2)
        #expect(apply.stderr.contains("error: kubeconfig file not found: \(missing)"))
        #expect(!project.exists("greeted"))
        #expect(!project.exists(".bosun"), "a refused run leaves no state folder behind")
    }

    @Test("runs go to .bosun at the repository's root from any folder, are listed from any folder, and git ignores them")
    func oneStateFolderPerRepository() async throws {
        let project = try GitProject()
        defer { project.remove() }
        try project.write(".gitignore", "home/\n")
        try project.commit(version: "one")
        let apply = try await BosunProcess.start(["apply", "app.yaml", "--env", "dev"], in: project.root + "/plans/app",
                                                 environment: project.environment).finish()
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(FileManager.default.fileExists(atPath: project.root + "/.bosun/runs"))
        #expect(!FileManager.default.fileExists(atPath: project.root + "/plans/app/.bosun"))
        #expect(try project.git("status", "--porcelain") == "", "the state folder is not a local change")

        try FileManager.default.createDirectory(atPath: project.root + "/home/elsewhere", withIntermediateDirectories: true)
        let runs = try await BosunProcess.start(["runs"], in: project.root + "/plans", environment: project.environment).finish()
        #expect(runs.stdout.contains("app"), "\(runs.stderr)")
        let again = try await project.bosun(["apply", "plans/app/app.yaml", "--env", "dev"])
        #expect(again.status == 0)
        #expect(try project.newestRunSource()["modifiedFiles"] as? [String] == [], "runs are not local changes of the next run")

        let elsewhere = project.root + "/home/state"
        let explicit = try await project.bosun(["apply", "plans/app/app.yaml", "--env", "dev"].map { $0 } + ["--state-dir", elsewhere])
        #expect(explicit.status == 0)
        #expect(FileManager.default.fileExists(atPath: elsewhere + "/runs"))
        let fromEnvironment = try await BosunProcess.start(
            ["runs"], in: project.root, environment: project.environment.merging(["BOSUN_STATE_DIR": elsewhere]) { $1 }).finish()
        #expect(fromEnvironment.stdout.split(separator: "\n").count == 2, "one run and the header: \(fromEnvironment.stdout)")
    }
}
