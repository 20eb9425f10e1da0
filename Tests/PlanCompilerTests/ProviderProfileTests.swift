import BosunBasics
import Foundation
import PlanModel
import Providers
import Testing

/// Provider profiles as the compiler uses them: optional parameters, placeholder errors, and the
/// tools a compiled plan says it needs.
@Suite("Provider profiles and the tools a plan needs")
struct ProviderProfileTests {
    private func aksPlan(subscription: String?) -> String {
        let extra = subscription.map { ", subscription: \($0)" } ?? ""
        return """
            plan: demo
            environments:
              prod: { provider: aks, cluster: aks-prod, resource_group: rg-prod\(extra) }
            phases:
              - name: c
                steps:
                  - connect: cluster

            """
    }

    @Test("aks adds --subscription to get-credentials and to the health check only when the environment gives one")
    func aksOptionalSubscription() throws {
        let with = try CompilerFixture.compile(aksPlan(subscription: "sub-123"), environment: "prod")
        #expect(with.argv("c/connect") == [
            ["az", "aks", "get-credentials", "--resource-group", "rg-prod", "--name", "aks-prod", "--file", "/runs/r1/kubeconfig",
             "--overwrite-existing", "--subscription", "sub-123"],
            ["az", "aks", "show", "--resource-group", "rg-prod", "--name", "aks-prod", "--query", "powerState.code", "-o", "tsv",
             "--subscription", "sub-123"],
        ])
        let without = try CompilerFixture.compile(aksPlan(subscription: nil), environment: "prod")
        #expect(without.argv("c/connect").allSatisfy { !$0.contains("--subscription") })
        #expect(without.step("c/connect").commands.last == .exec(ExecCommand(
            ["az", "aks", "show", "--resource-group", "rg-prod", "--name", "aks-prod", "--query", "powerState.code", "-o", "tsv"],
            expectOutput: "Running")))
    }

    @Test("a placeholder that names no parameter is an error at the template, naming the provider and the key")
    func unknownPlaceholder() {
        let profile = """
            provider: gke
            parameters:
              cluster: { required: true }
            connect:
              - argv: [gcloud, container, clusters, get-credentials, "{cluster}", --zone, "{zone}"]
            health:
              argv: [kubectl, --kubeconfig, "{run_kubeconfig}", get, --raw, /readyz]
              expect: ok

            """
        #expect(throws: DiagnosticError.self) { try ProviderProfileLoader.parse(profile, file: "providers/gke.yaml") }
        do {
            _ = try ProviderProfileLoader.parse(profile, file: "providers/gke.yaml")
        } catch {
            let diagnostic = error.diagnostics[0]
            #expect(diagnostic.message == "unknown placeholder '{zone}' in provider 'gke'")
            #expect(diagnostic.location.description.hasPrefix("providers/gke.yaml:5:"))
            #expect(diagnostic.hint?.contains("{cluster}, {run_kubeconfig}") == true)
        }
    }

    @Test("the compiled plan lists every program with the steps that run it, and the provider's tools")
    func toolRequirements() throws {
        let plan = try CompilerFixture.compile(CompilerFixture.header + """
              - name: infra
                steps:
                  - terraform: module.vpc
                  - connect: cluster
              - name: mesh
                steps:
                  - { id: analyze, run: [istioctl, analyze] }
                  - { id: script, run: [./scripts/smoke.sh] }
                  - { id: db, apply: k8s/db.yaml }

            """)
        let tools = Dictionary(uniqueKeysWithValues: plan.tools.map { ($0.program, $0) })
        #expect(Set(tools.keys) == ["aws", "istioctl", "kubectl", "terraform", "./scripts/smoke.sh"])
        #expect(tools["terraform"]?.steps == ["terraform-init:tf", "infra/module.vpc"])
        #expect(tools["terraform"]?.versionArgv == ["terraform", "version"])
        #expect(tools["istioctl"]?.steps == ["analyze"])
        #expect(tools["./scripts/smoke.sh"]?.steps == ["script"])
        #expect(tools["./scripts/smoke.sh"]?.versionArgv == nil)
        // aws serves the EKS kubeconfig (`aws eks get-token`), so every step using it needs aws.
        #expect(tools["aws"]?.provider == "eks")
        #expect(tools["aws"]?.versionArgv == ["aws", "--version"])
        // The cluster lock (on with records, the default) talks to the cluster too.
        #expect(tools["aws"]?.steps == ["infra/connect", "cluster-lock", "analyze", "db"])
        #expect(tools["kubectl"]?.steps == ["infra/connect", "cluster-lock", "analyze", "db"])
        #expect(tools["kubectl"]?.provider == "eks")
    }
}
