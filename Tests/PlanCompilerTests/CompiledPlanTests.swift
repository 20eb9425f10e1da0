import PlanModel
import Testing

@Suite("Compiled plans: DAG shape and exact commands")
struct CompiledPlanTests {
    let header = CompilerFixture.header

    @Test("steps default to readable, unique ids")
    func defaultIDs() throws {
        let plan = try CompilerFixture.compile(header + """
              - name: foundation
                steps:
                  - terraform: module.vpc
                  - connect: cluster
                  - namespace: shop
                  - apply: k8s/db.yaml
                  - apply: k8s/db.yaml
                  - check: { http: "https://api.${domain}/health" }
                  - run: [kubectl, get, pods]
            """)
        #expect(plan.realSteps.map(\.id) == [
            "foundation/module.vpc", "terraform-init:tf", "foundation/connect", "foundation/namespace-shop",
            "foundation/apply-db", "foundation/apply-db-2", "foundation/check-api", "foundation/run-kubectl",
            // An environment with a cluster keeps records, so it has the cluster lock (added last).
            "cluster-lock",
        ])
    }

    @Test("steps of a phase run in order; parallel phases fan out from one barrier")
    func phaseOrdering() throws {
        let plan = try CompilerFixture.compile(header + """
              - name: one
                steps:
                  - { id: a, approve: a }
                  - { id: b, approve: b }
              - name: two
                parallel: true
                steps:
                  - { id: c, approve: c }
                  - { id: d, approve: d }
              - name: three
                needs: [one]
                steps:
                  - { id: e, approve: e }
            """)
        #expect(plan.needs("b", "a"))
        #expect(plan.needs("c", "b") && plan.needs("d", "b"))
        #expect(!plan.needs("c", "d") && !plan.needs("d", "c"))
        #expect(plan.needs("e", "b"))
        #expect(!plan.needs("e", "c"), "explicit phase needs replace the default previous phase")
        #expect(plan.levels[plan.index(of: "c")!] == plan.levels[plan.index(of: "d")!])
    }

    @Test("phase barriers keep edges linear: 200 steps after 200 steps is not 40,000 edges")
    func barriersAreLinear() throws {
        let first = (0..<200).map { "      - { id: a\($0), approve: x }" }.joined(separator: "\n")
        let second = (0..<200).map { "      - { id: b\($0), approve: x }" }.joined(separator: "\n")
        let plan = try CompilerFixture.compile(header + """
              - name: first
                parallel: true
                steps:
            \(first)
              - name: second
                parallel: true
                steps:
            \(second)
            """)
        #expect(plan.graph.edgeCount < 1_000)
        #expect(plan.needs("b199", "a0"))
    }

    @Test("levels and the critical path count real steps")
    func levelsAndCriticalPath() throws {
        let plan = try CompilerFixture.compile(header + """
              - name: p
                parallel: true
                steps:
                  - { id: a, approve: a }
                  - { id: b, approve: b, needs: [a] }
                  - { id: c, approve: c, needs: [b] }
                  - { id: d, approve: d }
            """)
        #expect(plan.levels[plan.index(of: "a")!] == 0)
        #expect(plan.levels[plan.index(of: "c")!] == 2)
        #expect(plan.levels[plan.index(of: "d")!] == 0)
        #expect(plan.criticalPath.map { plan.steps[$0].id } == ["a", "b", "c"])
    }

    @Test("terraform: one shared init per folder, plan -target -out, apply of the plan file, one at a time")
    func terraformCommands() throws {
        let plan = try CompilerFixture.compile(header + """
              - name: infra
                parallel: true
                steps:
                  - terraform: module.vpc
                  - terraform: module.iam
            """)
        let inits = plan.realSteps.filter { $0.kind == .terraformInit }
        #expect(inits.count == 1)
        #expect(plan.argv("terraform-init:tf") == [["terraform", "-chdir=tf", "init", "-input=false", "-no-color"]])
        #expect(plan.argv("infra/module.vpc") == [
            ["terraform", "-chdir=tf", "plan", "-input=false", "-no-color", "-target=module.vpc", "-var-file=dev.tfvars",
             "-out=/runs/r1/terraform/infra%2Fmodule.vpc.tfplan"],
            ["terraform", "-chdir=tf", "apply", "-input=false", "-no-color", "/runs/r1/terraform/infra%2Fmodule.vpc.tfplan"],
        ])
        #expect(plan.needs("infra/module.vpc", "terraform-init:tf") && plan.needs("infra/module.iam", "terraform-init:tf"))
        #expect(plan.step("infra/module.vpc").pool == "terraform:tf")
        #expect(plan.step("infra/module.iam").pool == plan.step("infra/module.vpc").pool)
    }

    @Test("rollout: record the revision, set image, status with timeout, health; undo to that revision and status on failure")
    func rolloutCommands() throws {
        let plan = try CompilerFixture.compile(CompilerFixture.connected + """
              - name: apps
                steps:
                  - id: api
                    namespace: shop
                    rollout: { deployment: api, image: "api=registry/api:${version}", timeout: 2m, health: "https://api.${domain}/health" }
            """)
        let kubectl = ["kubectl", "--kubeconfig", "/runs/r1/kubeconfig", "--namespace", "shop"]
        let step = plan.step("api")
        let api = DeploymentRef(name: "api", namespace: "shop")
        let look = kubectl + ["get", "deployment", "api", "--ignore-not-found", "-o", "json"]
        let health = StepCommand.httpCheck(HTTPCheck(url: "https://api.example.test/health", attempts: 5, interval: 2))
        #expect(step.commands == [
            .exec(ExecCommand(look, reads: .deployment(api, moment: .before, required: true))),
            .exec(ExecCommand(kubectl + ["set", "image", "deployment/api", "api=registry/api:v1"])),
            .exec(ExecCommand(kubectl + ["rollout", "status", "deployment/api", "--timeout=120s"])),
            health,
            .exec(ExecCommand(look, reads: .deployment(api, moment: .after, required: false))),
        ])
        #expect(step.changesFrom == 1, "a missing deployment fails before anything changed: nothing to undo")
        #expect(step.onFailure == [
            .exec(ExecCommand(look, reads: .deployment(api, moment: .failed, required: false))),
            .exec(ExecCommand(kubectl + ["rollout", "undo", "deployment/api", "--to-revision={capture:revision-before:shop/api}"])),
            .exec(ExecCommand(kubectl + ["rollout", "status", "deployment/api", "--timeout=120s"])),
            health,
            .exec(ExecCommand(look, reads: .deployment(api, moment: .after, required: false))),
        ])
        #expect(step.intent == .rollout(RolloutIntent(
            deployment: api, container: "api", image: "registry/api:v1", timeout: 120, health: "https://api.example.test/health")))
    }

    @Test("apply with wait becomes kubectl apply then kubectl wait, in the given namespace")
    func applyAndWait() throws {
        let plan = try CompilerFixture.compile(CompilerFixture.connected + """
              - name: db
                steps:
                  - id: postgres
                    namespace: shop
                    apply: k8s/db.yaml
                    wait: { for: condition=Ready, pods: app=postgres-primary, timeout: 5m }
            """)
        let kubectl = ["kubectl", "--kubeconfig", "/runs/r1/kubeconfig", "--namespace", "shop"]
        #expect(plan.argv("postgres") == [
            kubectl + ["apply", "-f", "k8s/db.yaml"],
            kubectl + ["wait", "--for=condition=Ready", "pod", "-l", "app=postgres-primary", "--timeout=300s"],
        ])
    }

    @Test("every kubectl command uses the run-private kubeconfig, never the user's")
    func kubeconfigIsolation() throws {
        let plan = try CompilerFixture.compile(CompilerFixture.connected + """
              - name: all
                steps:
                  - namespace: shop
                    labels: { istio-injection: enabled }
                  - { apply: k8s/db.yaml, namespace: shop }
                  - run: [kubectl, get, pods]
                  - run: [istioctl, analyze]
            """)
        let kubectlCommands = plan.realSteps.flatMap { plan.argv($0.id) }.filter { ["kubectl", "istioctl"].contains($0[0]) }
        #expect(kubectlCommands.count == 4)
        for argv in kubectlCommands {
            #expect(Array(argv[1...2]) == ["--kubeconfig", "/runs/r1/kubeconfig"])
        }
        guard case .exec(let namespace) = plan.step("all/namespace-shop").commands[0] else { Issue.record("no exec"); return }
        #expect(namespace.stdin == #"{"apiVersion":"v1","kind":"Namespace","metadata":{"labels":{"istio-injection":"enabled"},"name":"shop"}}"#)
    }

    @Test("a run step's preview gets the run's kubeconfig and namespace as its run does; apply never runs it")
    func previewCommand() throws {
        let plan = try CompilerFixture.compiled(CompilerFixture.connected + """
              - name: all
                steps:
                  - id: mesh
                    namespace: shop
                    run: [istioctl, install, -y]
                    preview: [istioctl, manifest, diff, "${environment}.yaml"]
            """)
        let step = plan.step("mesh")
        #expect(step.preview?.argv == ["istioctl", "--kubeconfig", "{run}/kubeconfig", "--namespace", "shop", "manifest", "diff", "dev.yaml"])
        #expect(step.commands.compactMap(\.argv) == [["istioctl", "--kubeconfig", "{run}/kubeconfig", "--namespace", "shop", "install", "-y"]])
    }

    @Test("a secret in a preview argv is masked wherever the plan is shown or journaled")
    func previewSecretMasked() throws {
        let header = CompilerFixture.connected.replacingOccurrences(
            of: "vars: { version: v1, domain: example.test }",
            with: "vars: { version: v1, domain: example.test, token: { value: s3cret-token-value, secret: true } }")
        let plan = try CompilerFixture.compiled(header + """
              - name: all
                steps:
                  - id: check-token
                    run: [curl, -H, "Authorization: ${token}", https://example.com/deploy]
                    preview: [curl, -H, "Authorization: ${token}", https://example.com/status]
            """)
        #expect(plan.step("check-token").preview?.argv?.contains("Authorization: s3cret-token-value") == true, "the command gets it")
        let masked = plan.redacted().step("check-token")
        #expect(masked.preview?.argv?.contains { $0.contains("s3cret-token-value") } == false, "\(String(describing: masked.preview))")
        #expect(masked.preview?.argv?.contains("Authorization: ***") == true, "\(String(describing: masked.preview))")
    }

    @Test("a step limited to some environments runs nothing elsewhere, and what needs it keeps its order")
    func perEnvironmentSteps() throws {
        let text = header + """
              - name: a
                steps:
                  - { id: first, run: ["true"] }
                  - { id: cloud-only, environments: [dev], run: [echo, cloud] }
                  - { id: after, needs: [cloud-only], run: [echo, after] }
            """
        let local = try CompilerFixture.compile(text, environment: "local")
        #expect(local.realSteps.map(\.id) == ["first", "after"])
        #expect(local.needs("after", "first"), "ordering passes through the step that is not in this environment")
        let dev = try CompilerFixture.compile(text, environment: "dev")
        #expect(dev.realSteps.map(\.id) == ["first", "cloud-only", "after"])
        #expect(dev.needs("after", "cloud-only"))
        let typo = CompilerFixture.diagnostics(header + "  - name: a\n    steps:\n      - { environments: [prd], run: [\"true\"] }\n")
        #expect(typo.map(\.message) == ["unknown environment 'prd' in 'environments'"])
    }

    @Test("kubectl run steps get the step's namespace unless their argv picks one")
    func runStepNamespace() throws {
        let plan = try CompilerFixture.compile(CompilerFixture.connected + """
              - name: ops
                steps:
                  - { id: pods, namespace: shop, run: [kubectl, get, pods] }
                  - { id: other, namespace: shop, run: [kubectl, get, pods, -n, billing] }
                  - { id: all, namespace: shop, run: [kubectl, get, pods, -A] }
                  - { id: plain, namespace: shop, run: [echo, shop] }
            """)
        #expect(plan.argv("pods") == [["kubectl", "--kubeconfig", "/runs/r1/kubeconfig", "--namespace", "shop", "get", "pods"]])
        #expect(plan.argv("other") == [["kubectl", "--kubeconfig", "/runs/r1/kubeconfig", "get", "pods", "-n", "billing"]])
        #expect(plan.argv("all") == [["kubectl", "--kubeconfig", "/runs/r1/kubeconfig", "get", "pods", "-A"]])
        #expect(plan.argv("plain") == [["echo", "shop"]])
    }

    @Test("connect expands the provider profile: eks writes the run kubeconfig and checks ACTIVE")
    func eksConnect() throws {
        let plan = try CompilerFixture.compile(header + "  - name: c\n    steps:\n      - connect: cluster\n")
        let step = plan.step("c/connect")
        #expect(step.commands == [
            .exec(ExecCommand(["aws", "eks", "update-kubeconfig", "--region", "us-east-1", "--name", "dev-cluster",
                               "--kubeconfig", "/runs/r1/kubeconfig"])),
            .exec(ExecCommand(["aws", "eks", "describe-cluster", "--region", "us-east-1", "--name", "dev-cluster",
                               "--query", "cluster.status", "--output", "text"], expectOutput: "ACTIVE")),
        ])
    }

    @Test("connect with the kubectl provider copies one context of the given file into the run kubeconfig")
    func kubectlConnect() throws {
        let plan = try CompilerFixture.compile(header + "  - name: c\n    steps:\n      - connect: cluster\n", environment: "local")
        let step = plan.step("c/connect")
        #expect(step.commands.first == .exec(ExecCommand(
            ["kubectl", "config", "view", "--kubeconfig", CompilerFixture.projectFolder + "/kube.yaml", "--minify", "--flatten",
             "--context", "sandbox"], stdoutFile: "/runs/r1/kubeconfig")))
        #expect(step.commands.last == .exec(ExecCommand(
            ["kubectl", "--kubeconfig", "/runs/r1/kubeconfig", "get", "--raw", "/readyz"], expectOutput: "ok")))
    }

    @Test("variables: plan < environment vars < BOSUN_VAR_ < --set; $${ is a literal")
    func variablePrecedence() throws {
        let text = """
            plan: demo
            vars: { a: plan, b: plan, c: plan, d: plan, both: "${a}-${d}" }
            environments:
              dev: { provider: kubectl, kubeconfig: kube.yaml, vars: { b: env, c: env, d: env } }
            phases:
              - name: p
                steps:
                  - run: [echo, "${a}", "${b}", "${c}", "${d}", "${both}", "$${literal}", "${environment}"]
            """
        let plan = try CompilerFixture.compile(
            text, overrides: ["d": "set"], processEnvironment: ["BOSUN_VAR_c": "process", "BOSUN_VAR_d": "process"])
        #expect(plan.argv("p/run-echo") == [["echo", "plan", "env", "process", "set", "plan-set", "${literal}", "dev"]])
        #expect(plan.variables["both"] == "plan-set")
    }

    @Test("check retries become attempts; expect defaults to 200")
    func checkStep() throws {
        let plan = try CompilerFixture.compile(header + """
              - name: p
                steps:
                  - check: { http: "https://api.${domain}/health", retries: 5, interval: 1s }
            """)
        #expect(plan.step("p/check-api").commands == [
            .httpCheck(HTTPCheck(url: "https://api.example.test/health", expectStatus: 200, attempts: 6, interval: 1)),
        ])
    }
}
