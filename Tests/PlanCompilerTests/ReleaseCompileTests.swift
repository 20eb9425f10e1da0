import BosunBasics
import Foundation
import PlanModel
import Testing

/// What the compiler makes of the steps that change what runs: rendered manifests, kustomize
/// overlays, the typed intent, and the checks that keep a release declared once.
@Suite("compiling releases")
struct ReleaseCompileTests {
    let header = CompilerFixture.connected.replacingOccurrences(
        of: "vars: { version: v1, domain: example.test }",
        with: "vars: { version: v1, domain: example.test, token: { value: s3cr3t-token, secret: true } }")

    @Test("render: true sends the manifests with the plan's variables on stdin; $${ stays literal; a secret is masked when shown")
    func renderedApply() throws {
        let plan = try CompilerFixture.compile(header + """
              - name: app
                steps:
                  - { id: web, apply: k8s/web/, render: true, namespace: shop }
            """, overrides: ["version": "v2"])
        let web = plan.step("web")
        let apply = try #require(web.commands.compactMap { if case .exec(let exec) = $0, exec.argv.contains("apply") { exec } else { nil } }.first)
        #expect(apply.argv.suffix(3) == ["apply", "-f", "-"])
        let stdin = try #require(apply.stdin)
        #expect(stdin.contains("image: registry/web:v2"))
        #expect(stdin.contains(#""$${not-a-variable}""#) == false && stdin.contains(#""${not-a-variable}""#))
        #expect(stdin.contains("s3cr3t-token"), "kubectl gets the real value")
        #expect(stdin.contains("kind: Service"), "every manifest of the folder, in name order")
        #expect(web.intent == .apply(paths: ["k8s/web/"], render: true, deployments: [DeploymentRef(name: "web", namespace: "shop")]))
        let shown = plan.redacted().step("web").commands.compactMap { if case .exec(let exec) = $0 { exec.stdin } else { nil } }
        #expect(!shown.joined().contains("s3cr3t-token") && shown.joined().contains("***"))
    }

    @Test("an unknown variable in a manifest is an error at the manifest's line and column")
    func unknownVariableInManifest() {
        let diagnostics = CompilerFixture.diagnostics(header + """
              - name: app
                steps:
                  - { apply: k8s/typo.yaml, render: true }
            """)
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message == "unknown variable '${verison}'")
        #expect(diagnostics.first?.location.file.hasSuffix("k8s/typo.yaml") == true)
        #expect(diagnostics.first?.location.line == 5 && diagnostics.first?.location.column == 13)
        #expect(diagnostics.first?.hint?.contains("did you mean 'version'?") == true)
    }

    @Test("a rollout and an apply of the same deployment must take its image from the same variables")
    func imagesAgree() throws {
        let rollout = """
                  - { id: release, needs: [web], namespace: shop, rollout: { deployment: web, image: "web=registry/web:${version}" } }
            """
        let disagreeing = CompilerFixture.diagnostics(header + """
              - name: app
                steps:
                  - { id: web, apply: k8s/fixed.yaml, namespace: shop }

            """ + rollout)
        #expect(disagreeing.count == 1)
        #expect(disagreeing.first?.message.contains("step 'web' applies it as 'registry/web:v1': the same image today, but not from the same variables") == true,
                "\(disagreeing)")
        #expect(disagreeing.first?.hint?.contains("render: true") == true)
        // Once the version is given, the two would deploy different releases.
        let plan = header + "  - name: app\n    steps:\n      - { id: web, apply: k8s/fixed.yaml, namespace: shop }\n" + rollout
        do {
            _ = try CompilerFixture.compile(plan, overrides: ["version": "v2"])
            Issue.record("a rollout to v2 after an apply of v1 compiled")
        } catch {
            #expect(error.diagnostics.first?.message.contains("step 'web' applies registry/web:v1 first") == true)
        }
        let agreeing = try CompilerFixture.compile(header + """
              - name: app
                steps:
                  - { id: web, apply: k8s/web/, render: true, namespace: shop }

            """ + rollout, overrides: ["version": "v2"])
        #expect(agreeing.step("release").onFailure.contains { $0.argv?.contains("--to-revision={capture:revision-before:shop/web}") == true })
    }

    @Test("kustomize with images applies Bosun's overlay from the run folder; its deployments are known")
    func kustomizeOverlay() throws {
        let plan = try CompilerFixture.compile(header + """
              - name: app
                steps:
                  - { id: api, kustomize: kustomize/base, images: { registry/api: "registry/api:${version}" } }
            """)
        let api = plan.step("api")
        let overlay = "/runs/r1/kustomize/api"
        #expect(api.commands.contains { $0.argv?.suffix(2) == ["-k", overlay] })
        let file = try #require(api.runFiles.first)
        #expect(file.path == overlay + "/kustomization.yaml")
        #expect(file.contents.contains("resources:\n  - \"../../../") && file.contents.hasSuffix("kustomize/base\"\nimages:\n  - name: \"registry/api\"\n    newName: \"registry/api\"\n    newTag: \"v1\"\n"),
                "\(file.contents)")
        #expect(api.intent == .kustomize(dir: "kustomize/base", images: ["registry/api": "registry/api:v1"],
                                         deployments: [DeploymentRef(name: "api", namespace: "shop")]))
        let plain = try CompilerFixture.compile(header + "  - name: app\n    steps:\n      - { id: api, kustomize: kustomize/base }\n")
        #expect(plain.step("api").commands.contains { $0.argv?.suffix(2) == ["-k", "kustomize/base"] })
        let missing = CompilerFixture.diagnostics(header + "  - name: app\n    steps:\n      - { kustomize: k8s/web }\n")
        #expect(missing.map(\.message) == ["kustomization folder 'k8s/web' has no kustomization.yaml"])
    }

    @Test("--set and BOSUN_VAR_ must name declared variables")
    func strictInputs() {
        let text = header + "  - name: app\n    steps:\n      - { id: hi, run: [echo, \"${version}\"] }\n"
        do {
            _ = try CompilerFixture.compile(text, overrides: ["verison": "v2"], processEnvironment: ["BOSUN_VAR_domian": "x", "BOSUN_VAR_version": "v3"])
            Issue.record("undeclared inputs compiled")
        } catch {
            #expect(error.diagnostics.map(\.message) == [
                "--set verison=…: plan demo declares no variable 'verison'",
                "environment variable BOSUN_VAR_domian: plan demo declares no variable 'domian'",
            ])
            #expect(error.diagnostics.first?.hint?.hasPrefix("did you mean 'version'?") == true)
        }
    }

    @Test("the tool inventory and terraform pools come from the typed intent")
    func intents() throws {
        let plan = try CompilerFixture.compile(header + """
              - name: app
                steps:
                  - terraform: module.vpc
                  - { id: mesh, run: [istioctl, analyze] }
                  - { id: local, run: [echo, hi] }
            """)
        #expect(plan.step("app/module.vpc").intent == .terraform(dir: "tf", address: "module.vpc"))
        #expect(plan.step("mesh").intent == .run(program: "istioctl", usesCluster: true))
        #expect(plan.step("local").intent == .run(program: "echo", usesCluster: false))
        let aws = try #require(plan.tools.first { $0.program == "aws" })
        #expect(aws.steps.contains("mesh") && !aws.steps.contains("local"), "the provider's tools serve the steps using the cluster")
    }
}
