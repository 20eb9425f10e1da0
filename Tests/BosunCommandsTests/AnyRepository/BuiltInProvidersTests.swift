import Foundation
import Testing

/// A plan in a folder of its own, with no `providers/` anywhere above it: the built-in profiles.
@Suite("built-in provider profiles")
struct BuiltInProvidersTests {
    static let plan = Project.header + """
          - name: main
            steps:
              - { id: greet, run: [echo, "${greeting}"] }

        """

    @Test("a plan in a new folder without providers/ validates, plans and applies")
    func planWithoutProvidersFolder() async throws {
        let project = try Project(plan: Self.plan, files: Project.kubeconfig)
        defer { project.remove() }
        #expect(!project.exists("providers"))
        let validate = try await project.run(["validate", "plan.yaml"])
        #expect(validate.status == 0, "\(validate.stderr)")
        let plan = try await project.run(["plan", "plan.yaml", "--env", "local"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("echo hello"))
        let apply = try await project.run(["apply", "plan.yaml", "--env", "local"])
        #expect(apply.status == 0, "\(apply.stderr)")
        #expect(apply.stdout.contains("[greet] hello"))
    }

    @Test("bosun providers lists the built-in profiles, and a providers/ folder's additions and replacements with their files")
    func listing() async throws {
        let project = try Project(plan: Self.plan, files: Project.kubeconfig)
        defer { project.remove() }
        let builtIn = try await project.run(["providers", "--json"])
        #expect(builtIn.status == 0, "\(builtIn.stderr)")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(builtIn.stdout.utf8)) as? [[String: Any]])
        #expect(rows.map { $0["name"] as? String } == ["aks", "eks", "kubectl"])
        #expect(rows.allSatisfy { $0["origin"] as? String == "built-in" })

        let shown = try await project.run(["providers", "show", "kubectl"])
        #expect(shown.status == 0)
        let replacement = shown.stdout.replacingOccurrences(
            of: "description: A context of an existing kubeconfig, copied (flattened) into the run's own kubeconfig",
            with: "description: our kubectl")
        #expect(replacement != shown.stdout, "show prints the profile's YAML")
        try FileManager.default.createDirectory(atPath: project.path("providers"), withIntermediateDirectories: true)
        try replacement.write(toFile: project.path("providers/kubectl.yaml"), atomically: true, encoding: .utf8)
        try replacement.replacingOccurrences(of: "provider: kubectl", with: "provider: gke")
            .write(toFile: project.path("providers/gke.yaml"), atomically: true, encoding: .utf8)

        let listed = try await project.run(["providers", "--plan", "plan.yaml"])
        #expect(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("kubectl  \(project.path("providers/kubectl.yaml")) (replaces the built-in)  our kubectl"))
        #expect(listed.stdout.contains("gke      \(project.path("providers/gke.yaml"))  our kubectl"))
        #expect(listed.stdout.contains("eks      built-in"))

        let unknown = try await project.run(["providers", "show", "gkee", "--plan", "plan.yaml"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no provider profile named 'gkee'; did you mean 'gke'?"))
    }

    @Test("a broken profile in providers/ is a located error, and an unknown provider names the profiles there are")
    func brokenAndUnknown() async throws {
        let plan = Self.plan.replacingOccurrences(of: "provider: kubectl", with: "provider: kubctl")
        let project = try Project(plan: plan, files: Project.kubeconfig)
        defer { project.remove() }
        let unknown = try await project.run(["validate", "plan.yaml"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown provider 'kubctl'"))
        #expect(unknown.stderr.contains("did you mean 'kubectl'?"))
        #expect(unknown.stderr.contains("aks, eks, kubectl (built-in)"))

        try FileManager.default.createDirectory(atPath: project.path("providers"), withIntermediateDirectories: true)
        try "provider: x\nconnect: []\n".write(toFile: project.path("providers/x.yaml"), atomically: true, encoding: .utf8)
        let broken = try await project.run(["validate", "plan.yaml"])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("providers/x.yaml"))
        #expect(broken.stderr.contains("health"))
    }
}
