import Foundation
import PlanCompiler
import PlanLoading
import PlanModel
import Testing

/// What each compiled step reads of the plan's folder (`files`) and which variables it names
/// (`variables`): what `bosun diff` shows a step's change from (issue 13: a change to a
/// kustomization that a `run:` step applies showed as "0 steps change").
@Suite("the files and variables a step reads")
struct StepReadsTests {
    final class Folder: TemporaryFolder {
        init() throws {
            super.init(prefix: "bosun-reads")
            try write("kube.yaml", "apiVersion: v1\nkind: Config\n")
            try write("k8s/base/kustomization.yaml", "resources: [deployment.yaml]\npatches:\n  - path: ../patches/replicas.yaml\n")
            try write("k8s/base/deployment.yaml", "kind: Deployment\nmetadata: { name: web }\n")
            try write("k8s/patches/replicas.yaml", "kind: Deployment\nmetadata: { name: web }\nspec: { replicas: 2 }\n")
            try write("k8s/overlays/prod/kustomization.yaml", "resources: [../../base]\n")
            try write("k8s/apps/a.yaml", "kind: ConfigMap\n")
            try write("k8s/apps/notes.txt", "not a manifest\n")
            try write("k8s/apps/old/b.yaml", "kind: ConfigMap\n")
            try write("scripts/deploy.sh", "#!/bin/sh\n")
        }

        func compile(_ steps: String) throws -> CompiledPlan {
            let text = """
                plan: reads
                vars: { overlay: prod, replicas: "2", unused: x }
                environments:
                  local: { provider: kubectl, kubeconfig: kube.yaml }
                phases:
                  - name: cluster
                    steps:
                      - connect: cluster
                  - name: a
                    steps:

                """ + steps
            let document = try PlanLoader.parse(text, file: root + "/plan.yaml")
            return try PlanCompiler.compile(document, providers: CompilerFixture.providers,
                                            options: CompileOptions(environment: "local", runDirectory: "/runs/r1"))
        }
    }

    @Test("a run step reads the folders its argv names, and what a kustomization there names outside them")
    func runStepKustomization() throws {
        let folder = try Folder()
        let plan = try folder.compile("      - { id: deploy, run: [kubectl, apply, -k, \"k8s/overlays/${overlay}\"] }\n")
        #expect(plan.step("deploy").files == [
            "k8s/overlays/prod", "k8s/overlays/prod/kustomization.yaml", "k8s/base", "k8s/base/kustomization.yaml",
            "k8s/base/deployment.yaml", "k8s/patches/replicas.yaml",
        ])
        #expect(plan.step("deploy").variables == ["overlay"])
    }

    @Test("a kustomize step reads the bases and patches its kustomization names")
    func kustomizeStep() throws {
        let folder = try Folder()
        let plan = try folder.compile("      - { id: deploy, kustomize: k8s/overlays/prod }\n")
        #expect(plan.step("deploy").files.contains("k8s/base"))
        #expect(plan.step("deploy").files.contains("k8s/patches/replicas.yaml"))
    }

    @Test("run-step words count as paths by their value (--flag=path), a program only when written as a path, never outside the folder")
    func runStepWords() throws {
        let folder = try Folder()
        let plan = try folder.compile("""
                  - { id: flags, run: [kubectl, apply, --filename=k8s/apps/a.yaml, -f, ./k8s/base/../apps/a.yaml] }
                  - { id: script, run: [./scripts/deploy.sh, /etc/hosts, ../outside, k8s/missing.yaml, -k] }

            """)
        #expect(plan.step("flags").files == ["k8s/apps/a.yaml"])
        #expect(plan.step("script").files == ["scripts/deploy.sh"])
    }

    @Test("an applied folder reads its manifests, not its other files or sub-folders; the connect step reads the kubeconfig")
    func applyAndConnect() throws {
        let folder = try Folder()
        let plan = try folder.compile("      - { id: apps, apply: k8s/apps }\n")
        #expect(plan.step("apps").files == ["k8s/apps/a.yaml"])
        #expect(plan.step("cluster/connect").files == ["kube.yaml"])
    }

    @Test("a step's variables are the ones its text names, rendered manifests included, each step its own")
    func variables() throws {
        let folder = try Folder()
        try folder.write("k8s/rendered/web.yaml", "kind: ConfigMap\ndata: { replicas: \"${replicas}\" }\n")
        let plan = try folder.compile("""
                  - { id: web, apply: k8s/rendered/web.yaml, render: true }
                  - { id: hello, run: [echo, "${plan} in ${environment}"] }
                  - { id: plain, run: [echo, hi] }

            """)
        #expect(plan.step("web").variables == ["replicas"])
        #expect(plan.step("hello").variables == ["environment", "plan"])
        #expect(plan.step("plain").variables == [])
    }
}
