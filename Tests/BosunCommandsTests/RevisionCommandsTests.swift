import Foundation
import Testing

/// Runs pinned to git revisions, read through libgit2, in real repositories.
@Suite("apply and plan from git revisions, pins, protected environments, history, rollback, diff")
struct RevisionCommandsTests {
    let plan = "plans/app/app.yaml"

    @Test("each run uses its own revision's files, in its own workspace, and the journal records the commit")
    func runsFromRevisions() async throws {
        let project = try GitProject()
        defer { project.remove() }
        let first = try project.commit(version: "one")
        try project.git("tag", "-a", "v1", "-m", "release 1")
        let second = try project.commit(version: "two")
        try project.write("plans/app/version.txt", "uncommitted\n")

        let old = try await project.bosun(["apply", plan, "--env", "dev", "--rev", "v1"])
        #expect(old.status == 0, "\(old.stderr)")
        #expect(old.stdout.contains("[show] one"))
        #expect(old.stdout.contains(#/\[where\] .*/\.bosun/runs/[^/]+/workspace/plans/app/#))
        let oldSource = try project.newestRunSource()
        #expect(oldSource["commit"] as? String == first)
        #expect(oldSource["requestedRevision"] as? String == "v1")
        #expect(oldSource["workingTree"] as? Bool == false)
        #expect((oldSource["planDigest"] as? String)?.hasPrefix("sha256:") == true)

        let new = try await project.bosun(["apply", plan, "--env", "dev", "--rev", "HEAD"])
        #expect(new.stdout.contains("[show] two"))
        #expect(try project.newestRunSource()["commit"] as? String == second)
        #expect(try project.read("plans/app/version.txt") == "uncommitted\n", "the working tree is never touched")
    }

    @Test("a failed run from a revision resumes from that revision: its digest does not hold the run's own folder")
    func resumeRevisionRun() async throws {
        let project = try GitProject()
        defer { project.remove() }
        let flag = project.root + "/home/released"
        try project.write("plans/app/app.yaml", GitProject.plan + """
                  - { id: gate, needs: [show], run: [test, -f, "\(flag)"] }

            """)
        try project.commit(version: "one")

        let failed = try await project.bosun(["apply", plan, "--env", "dev", "--rev", "HEAD"])
        #expect(failed.status == 1, "\(failed.stdout)\(failed.stderr)")
        let runID = try #require(failed.stdout.firstMatch(of: #/bosun show ([0-9a-f-]+)\)/#)?.1).description
        try project.write("home/released", "")

        let resumed = try await project.bosun(["apply", plan, "--env", "dev", "--resume", runID])
        #expect(resumed.status == 0, "\(resumed.stdout)\(resumed.stderr)")
        #expect(resumed.stdout.contains("succeeded in run \(runID)"), "show is not run again")
        #expect(!resumed.stdout.contains("[show] one"))
    }

    @Test("every revision form resolves to the commit git names", arguments: ["full", "short", "tag", "lightweight", "branch", "HEAD~1", "main^"])
    func revisionForms(form: String) async throws {
        let project = try GitProject()
        defer { project.remove() }
        let first = try project.commit(version: "one")
        try project.git("tag", "-a", "v1", "-m", "release 1")
        try project.git("tag", "light")
        try project.git("branch", "release")
        try project.commit(version: "two")
        let revision = switch form {
        case "full": first
        case "short": String(first.prefix(8))
        case "tag": "v1"
        case "lightweight": "light"
        case "branch": "release"
        default: form
        }
        let result = try await project.bosun(["plan", plan, "--env", "dev", "--rev", revision, "--format", "json"])
        #expect(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let source = try #require(json["source"] as? [String: Any])
        #expect(source["commit"] as? String == first)
        #expect((json["workingDirectory"] as? String)?.hasSuffix(".bosun/runs/<run>/workspace/plans/app") == true)
    }

    @Test("a working-tree run records HEAD and which plan files have local changes")
    func workingTreeRun() async throws {
        let project = try GitProject()
        defer { project.remove() }
        let head = try project.commit(version: "one")
        try project.write("plans/app/version.txt", "edited\n")
        try project.write("plans/app/new-file.txt", "x\n")
        try project.write("elsewhere.txt", "not in the plan's folder\n")
        let result = try await project.bosun(["apply", plan, "--env", "dev"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("[show] edited"))
        #expect(result.stdout.contains("source: working tree at \(head) with local changes"))
        let source = try project.newestRunSource()
        #expect(source["commit"] as? String == head)
        #expect(source["workingTree"] as? Bool == true)
        #expect(Set(source["modifiedFiles"] as? [String] ?? []) == ["plans/app/version.txt", "plans/app/new-file.txt"])
    }

    @Test("pin writes the pins file, apply uses the pin, promote copies it")
    func pins() async throws {
        let project = try GitProject()
        defer { project.remove() }
        let first = try project.commit(version: "one")
        try project.git("tag", "v1")
        try project.commit(version: "two")

        let pinned = try await project.bosun(["pin", plan, "--env", "staging", "--rev", "v1"])
        #expect(pinned.status == 0, "\(pinned.stderr)")
        let pins = try project.read("plans/app/app.pins.yaml")
        #expect(pins.contains("staging:"))
        #expect(pins.contains("commit: \(first)"))
        #expect(pins.contains("revision: v1"))

        let staging = try await project.bosun(["apply", plan, "--env", "staging"])
        #expect(staging.stdout.contains("[show] one"))
        #expect(staging.stdout.contains("(the environment's pin)"))
        #expect(try project.newestRunSource()["pinned"] as? Bool == true)
        let unpinned = try await project.bosun(["apply", plan, "--env", "staging", "--working-tree"])
        #expect(unpinned.stdout.contains("[show] two"))

        let promoted = try await project.bosun(["promote", plan, "--from", "staging", "--to", "prod"])
        #expect(promoted.status == 0, "\(promoted.stderr)")
        #expect(try project.read("plans/app/app.pins.yaml").contains("promoted_from: staging"))
        let prod = try await project.bosun(["apply", plan, "--env", "prod"])
        #expect(prod.status == 0, "\(prod.stderr)")
        #expect(prod.stdout.contains("[show] one"))
        #expect(try project.newestRunSource()["commit"] as? String == first)
    }

    @Test("a protected environment refuses the working tree and unmerged revisions")
    func protectedEnvironment() async throws {
        let project = try GitProject()
        defer { project.remove() }
        try project.commit(version: "one")
        try project.git("checkout", "-q", "-b", "feature")
        let unmerged = try project.commit(version: "feature")
        try project.git("checkout", "-q", "main")

        let fromTree = try await project.bosun(["apply", plan, "--env", "prod"])
        #expect(fromTree.status == 2)
        #expect(fromTree.stderr.contains("environment 'prod' is protected: it runs only from a pinned revision or --rev"))
        let refused = try await project.bosun(["apply", plan, "--env", "prod", "--rev", "feature"])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("revision feature (\(unmerged.prefix(7))) is not reachable from 'main'"))
        #expect(try await project.bosun(["pin", plan, "--env", "prod", "--rev", "feature"]).status == 2)
        let runFolders = (try? FileManager.default.contentsOfDirectory(atPath: project.root + "/.bosun/runs")) ?? []
        #expect(runFolders.isEmpty, "refused runs leave no run folder")

        let allowed = try await project.bosun(["apply", plan, "--env", "prod", "--rev", "feature", "--allow-unmerged"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("[show] feature"))
        let dryRun = try await project.bosun(["plan", plan, "--env", "prod"])
        #expect(dryRun.status == 0)
        #expect(dryRun.stderr.contains("warning: environment 'prod' is protected"))
    }

    @Test("history lists an environment's runs with commits; rollback re-applies the previous good revision")
    func historyAndRollback() async throws {
        let project = try GitProject()
        defer { project.remove() }
        let first = try project.commit(version: "one")
        let second = try project.commit(version: "two")
        #expect(try await project.bosun(["apply", plan, "--env", "dev", "--rev", first]).status == 0)
        #expect(try await project.bosun(["apply", plan, "--env", "dev", "--rev", second]).status == 0)
        #expect(try await project.bosun(["apply", plan, "--env", "staging", "--rev", second]).status == 0)

        let history = try await project.bosun(["history", plan, "--env", "dev"])
        #expect(history.status == 0)
        #expect(history.stdout.contains(String(first.prefix(12))) && history.stdout.contains(String(second.prefix(12))))
        #expect(history.stdout.split(separator: "\n").count == 3, "header and the two dev runs only")

        let unconfirmed = try await project.bosun(["rollback", plan, "--env", "dev"], withoutTerminal: true)
        #expect(unconfirmed.status == 1)
        #expect(unconfirmed.stderr.contains("rollback needs confirmation"))

        let rollback = try await project.bosun(["rollback", plan, "--env", "dev", "--yes"])
        #expect(rollback.status == 0, "\(rollback.stderr)")
        #expect(rollback.stdout.contains("-two"))
        #expect(rollback.stdout.contains("+one"))
        #expect(rollback.stdout.contains("[show] one"))
        #expect(try project.newestRunSource()["commit"] as? String == first)
    }

    @Test("diff lists steps added, removed and changed between two revisions")
    func diff() async throws {
        let project = try GitProject()
        defer { project.remove() }
        try project.commit(version: "one")
        try project.git("tag", "v1")
        try project.write("plans/app/app.yaml", GitProject.plan
            .replacingOccurrences(of: "      - { id: where, run: [pwd] }\n", with: "      - { id: greet, run: [echo, hello] }\n"))
        try project.commit(version: "two")
        let result = try await project.bosun(["diff", plan, "--env", "dev", "--rev", "v1", "--rev", "HEAD"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("~ show (file version.txt)"))
        #expect(result.stdout.contains("+ greet"))
        #expect(result.stdout.contains("- where"))
    }

    @Test("unknown revisions, plans missing at a revision and folders outside git are clear errors")
    func errors() async throws {
        let project = try GitProject()
        defer { project.remove() }
        try project.write("README", "before the plan\n")
        try project.git("add", "README")
        try project.git("commit", "-q", "-m", "no plan yet")
        try project.git("tag", "empty")
        try project.commit(version: "one")

        let unknown = try await project.bosun(["apply", plan, "--env", "dev", "--rev", "nope"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown revision 'nope'"))
        let missing = try await project.bosun(["apply", plan, "--env", "dev", "--rev", "empty"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("plan file 'plans/app/app.yaml' does not exist at empty"))

        try project.write("plans/app/app.yaml", GitProject.plan + "      - apply: k8s/later.yaml\n")
        let withoutManifest = try project.commit(version: "two", message: "refers to a manifest it does not add")
        // In the working tree the manifest exists; at the revision it does not.
        try project.write("plans/app/k8s/later.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: later }\n")
        let broken = try await project.bosun(["plan", plan, "--env", "dev", "--rev", withoutManifest])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("manifest path 'k8s/later.yaml' does not exist"))
        #expect(broken.stderr.contains("as of revision \(withoutManifest) (\(withoutManifest.prefix(7)))"))
        #expect(broken.stderr.contains(#/(^|\n)plans/app/app\.yaml:\d+:\d+: error: manifest path/#), "named as the user gave it")
        #expect(!broken.stderr.contains("bosun-plan-"), "never the dry run's scratch copy: \(broken.stderr)")

        let outside = try Project(plan: Project.header + "  - name: a\n    steps:\n      - run: [\"true\"]\n", files: Project.kubeconfig)
        defer { outside.remove() }
        let notGit = try await outside.run(["plan", "plan.yaml", "--env", "local", "--rev", "HEAD"])
        #expect(notGit.status == 2)
        #expect(notGit.stderr.contains("not a git repository"))
    }

    @Test("a symlink in the revision leading out of the plan's folder is refused")
    func escapingSymlink() async throws {
        let project = try GitProject()
        defer { project.remove() }
        try FileManager.default.createSymbolicLink(atPath: project.root + "/plans/app/secrets.txt", withDestinationPath: "../../home/secret")
        try project.commit(version: "one")
        let result = try await project.bosun(["apply", plan, "--env", "dev", "--rev", "HEAD"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("secrets.txt"))
        #expect(result.stderr.contains("outside"))
    }

    @Test("a shallow clone without the commit says so and how to fix it")
    func shallowClone() async throws {
        let project = try GitProject()
        defer { project.remove() }
        let first = try project.commit(version: "one")
        try project.commit(version: "two")
        let clone = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-shallow-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: clone) }
        try project.git("clone", "-q", "--depth", "1", "file://" + project.root, clone)
        let result = try await BosunProcess.start(["plan", plan, "--env", "dev", "--rev", first], in: clone, environment: project.environment).finish()
        #expect(result.status == 2)
        #expect(result.stderr.contains("unknown revision '\(first)'"))
        #expect(result.stderr.contains("git fetch --unshallow"))
    }
}
