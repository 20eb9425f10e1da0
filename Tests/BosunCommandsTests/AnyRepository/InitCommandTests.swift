import Foundation
import Testing

/// `bosun init` in a user's new repository: the starter plan validates and deploys on the sandbox.
@Suite("bosun init")
struct InitCommandTests {
    @Test("the starter plan validates, applies against the sandbox as written, and releases a new version")
    func starterPlanDeploys() async throws {
        let project = try GitProject()
        defer { project.remove() }
        let folder = project.root + "/deploy/shop"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let bosun = { (arguments: [String]) in
            try await BosunProcess.start(arguments, in: folder, environment: project.environment).finish()
        }
        let initialized = try await bosun(["init"])
        #expect(initialized.status == 0, "\(initialized.stderr)")
        #expect(initialized.stdout.contains("plan shop"))
        // The sandbox's kubeconfig is in the state folder at the repository's root.
        #expect(try project.read("deploy/shop/deploy.yaml").contains("kubeconfig: ../../.bosun/sandbox/kubeconfig"))
        let validate = try await bosun(["validate", "deploy.yaml"])
        #expect(validate.status == 0, "\(validate.stderr)")
        // connect, namespace, apply, rollout, and the cluster lock that records the run in the cluster.
        #expect(validate.stdout.contains("local (5 steps), prod (5 steps)"))

        let started = try await bosun(["sandbox", "start", "--ready-delay", "0.2"])
        #expect(started.status == 0, "\(started.stderr)")
        let first = try await bosun(["apply", "deploy.yaml", "--env", "local"])
        #expect(first.status == 0, "\(first.stdout)\(first.stderr)")
        #expect(first.stdout.contains(#/shop/web +absent +revision 1 \(nginx:1\.27\.0\) +healthy/#))
        let release = try await bosun(["apply", "deploy.yaml", "--env", "local", "--set", "version=1.27.1"])
        #expect(release.status == 0, "\(release.stdout)\(release.stderr)")
        #expect(release.stdout.contains("revision 2 (nginx:1.27.1)"))
        _ = try await bosun(["sandbox", "stop"])
    }

    @Test("init writes nothing when a file it would write exists")
    func refusesToOverwrite() async throws {
        let project = try Project(plan: "plan: mine\n")
        defer { project.remove() }
        try FileManager.default.createDirectory(atPath: project.path("k8s"), withIntermediateDirectories: true)
        try "kept\n".write(toFile: project.path("k8s/web.yaml"), atomically: true, encoding: .utf8)
        let result = try await project.run(["init"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("k8s/web.yaml exists: nothing written"))
        #expect(!project.exists("deploy.yaml"))
        #expect(try project.read("k8s/web.yaml") == "kept\n")
        let elsewhere = try await project.run(["init", "apps/web/"])
        #expect(elsewhere.status == 0, "\(elsewhere.stderr)")
        #expect(elsewhere.stdout.contains("wrote apps/web/deploy.yaml (plan web) and apps/web/k8s/web.yaml"), "\(elsewhere.stdout)")
        #expect(project.exists("apps/web/k8s/web.yaml"))
        let badName = try await project.run(["init", "--name", "Not A Name"])
        #expect(badName.status == 2)
    }
}
