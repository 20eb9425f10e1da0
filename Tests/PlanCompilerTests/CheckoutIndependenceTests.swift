import BosunBasics
import Execution
import Foundation
import PlanCompiler
import PlanLoading
import PlanModel
import Providers
import Testing

/// A compiled plan names the run's folder `{run}` and the plan's folder `{plan}` (CommandWord):
/// the same plan compiles to the same commands, and the same digest, wherever it is checked out
/// and wherever its run folder lies.
@Suite("Plans compiled in different checkouts")
struct CheckoutIndependenceTests {
    static let plan = """
        plan: shop
        vars: { version: v1 }
        environments:
          local: { provider: kubectl, kubeconfig: kube.yaml, terraform: { dir: tf } }
        phases:
          - name: infra
            steps:
              - { id: db, terraform: module.db }
          - name: cluster
            steps:
              - { id: connect, connect: cluster }
          - name: main
            steps:
              - { id: web, apply: k8s/web.yaml }
              - { id: api, kustomize: kustomize/base, images: { registry/api: "registry/api:${version}" } }
              - { id: pods, run: [kubectl, get, pods] }

        """

    /// The plan written into a fresh checkout at `folder` (under `root`), compiled with its run
    /// folder at `run`.
    private func compile(in root: TemporaryFolder, checkout folder: String, run: String) throws -> CompiledPlan {
        try root.write(folder + "/plan.yaml", Self.plan)
        try root.write(folder + "/kube.yaml", "apiVersion: v1\nkind: Config\n")
        try root.write(folder + "/tf/main.tf", "")
        try root.write(folder + "/k8s/web.yaml", "apiVersion: apps/v1\nkind: Deployment\nmetadata: { name: web }\n")
        try root.write(folder + "/kustomize/base/kustomization.yaml", "resources:\n  - deployment.yaml\n")
        try root.write(folder + "/kustomize/base/deployment.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: api }
            spec: { template: { spec: { containers: [{ name: api, image: "registry/api:v0" }] } } }

            """)
        let document = try PlanLoader.load(path: root.root + "/" + folder + "/plan.yaml")
        return try PlanCompiler.compile(document, providers: try ProviderCatalog.builtIn(),
                                        options: CompileOptions(environment: "local", runDirectory: root.root + "/" + run))
    }

    @Test("the same plan in two checkouts at different paths, with run folders elsewhere, has the same digest")
    func sameDigest() throws {
        let root = TemporaryFolder(prefix: "bosun-checkouts")
        let first = try compile(in: root, checkout: "one/shop", run: "state/runs/r1")
        let second = try compile(in: root, checkout: "elsewhere/deeper/shop", run: "one/shop/.bosun/runs/r2")
        #expect(PlanDigest.of(first) == PlanDigest.of(second))
        #expect(first.steps.map(\.commands) == second.steps.map(\.commands))
        #expect(first.steps.flatMap(\.runFiles) == second.steps.flatMap(\.runFiles))
    }

    @Test("commands, files and the kubeconfig name neither the checkout nor the run folder")
    func noAbsolutePaths() throws {
        let root = TemporaryFolder(prefix: "bosun-checkouts")
        let plan = try compile(in: root, checkout: "shop", run: "runs/r1")
        var commands = plan
        commands.workingDirectory = ""
        commands.runDirectory = ""
        commands.planFile = ""
        commands.steps = plan.steps.map { step in
            var step = step
            step.location.file = ""
            return step
        }
        let json = String(decoding: commands.json(pretty: false), as: UTF8.self)
        #expect(!json.contains(root.root), "\(json)")
        #expect(plan.kubeconfig == "{run}/kubeconfig")
        #expect(plan.argv("pods") == [["kubectl", "--kubeconfig", "{run}/kubeconfig", "get", "pods"]])
        #expect(plan.argv("connect").first?.contains("{plan}/kube.yaml") == true, "\(plan.argv("connect"))")
        #expect(plan.argv("db").last?.last == "{run}/terraform/db.tfplan")
        let overlay = try #require(plan.step("api").runFiles.first)
        #expect(overlay.path == "{run}/kustomize/api/kustomization.yaml")
        #expect(overlay.contents.contains("  - \"{plan}/kustomize/base\""))
    }

    @Test("a run folder's files name the plan's folder relative to themselves, as kustomize wants")
    func overlayResolved() throws {
        let root = TemporaryFolder(prefix: "bosun-checkouts")
        let plan = try compile(in: root, checkout: "shop", run: "state/runs/r1")
        let overlay = try #require(plan.step("api").runFiles.first).resolved(in: plan.folders)
        #expect(overlay.path == root.root + "/state/runs/r1/kustomize/api/kustomization.yaml")
        #expect(overlay.contents.contains("  - \"../../../../../shop/kustomize/base\""), "\(overlay.contents)")
    }

    @Test("a plan's own {run}, {plan} and {capture:…} reach the program as written")
    func literalBraces() async throws {
        let text = """
            plan: literal
            environments: { local: { provider: kubectl, kubeconfig: kube.yaml } }
            phases:
              - name: main
                steps:
                  - { id: show, run: [printf, "%s|", "{run}", "{plan}/x", "{capture:x}", "{{", "{\\"a\\":{}}"] }

            """
        let document = try PlanLoader.parse(text, file: "/nowhere/plan.yaml")
        let plan = try PlanCompiler.compile(document, providers: try ProviderCatalog.builtIn(),
                                            options: CompileOptions(environment: "local", runDirectory: "/runs/r1"))
        var runnable = plan
        runnable.workingDirectory = "/"
        let lines = Lines()
        let report = await Executor(plan: runnable, runner: SubprocessRunner(), options: ExecutionOptions(), observer: lines).run()
        #expect(report.outcome == .succeeded, "\(report.records.map(\.message))")
        #expect(lines.stdout == ["{run}|{plan}/x|{capture:x}|{{|{\"a\":{}}|"])
    }

    @Test("steps are found by id through the plan's index, also after its steps change")
    func indexByID() throws {
        let root = TemporaryFolder(prefix: "bosun-checkouts")
        var plan = try compile(in: root, checkout: "shop", run: "runs/r1")
        let pods = try #require(plan.index(of: "pods"))
        #expect(plan.steps[pods].id == "pods")
        #expect(plan.index(of: "nope") == nil)
        plan.steps.reverse()
        #expect(plan.steps[try #require(plan.index(of: "pods"))].id == "pods")
        plan.steps[0].id = "renamed"
        #expect(plan.index(of: "renamed") == 0)
    }
}

/// Keeps what steps print on standard output.
private final class Lines: ExecutionObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []

    var stdout: [String] { lock.withLock { lines } }

    func handle(_ event: ExecutionEvent) {
        if case .output(let line) = event, line.stream == .stdout { lock.withLock { lines.append(line.text) } }
    }

    func waitUntilRecorded() async throws(RecordingFailure) {}
}

@Suite("Command words")
struct CommandWordTests {
    @Test("plan data escaped by the compiler resolves to itself, whatever braces it holds", arguments: [
        "", "plain", "{run}", "{plan}/x", "{capture:x}", "{{", "{{run}", "{{{plan}}}", "{", "}", "{\"a\":{}}", "--x={run}", "{ru", "{capture:",
    ])
    func roundTrip(_ text: String) {
        let folders = PlanFolders(run: "/runs/r1", plan: "/work/plan")
        #expect(CommandWord.resolve(CommandWord.escaped(text), in: folders, captures: { _ in "CAPTURED" }) == text)
    }

    @Test("the compiler's own tokens resolve: folders, captures, and a missing capture")
    func tokens() {
        let folders = PlanFolders(run: "/runs/r1", plan: "/work/plan")
        #expect(CommandWord.resolve("{run}/kubeconfig", in: folders) == "/runs/r1/kubeconfig")
        #expect(CommandWord.resolve("-chdir={plan}/tf", in: folders) == "-chdir=/work/plan/tf")
        #expect(CommandWord.resolve("--to-revision={capture:r}", in: folders) == "--to-revision={capture:r}", "kept without captures")
        #expect(CommandWord.resolve("--to-revision={capture:r}", in: folders, captures: { ["r": "7"][$0] }) == "--to-revision=7")
        #expect(CommandWord.resolve("{capture:gone}", in: folders, captures: { _ in nil }) == nil)
        #expect(CommandWord.captureNames(in: "{capture:a}-{{capture:b}-{capture:c}") == ["a", "c"])
        #expect(folders.relative(from: "/runs/r1/kustomize/api") == PlanFolders(run: "../..", plan: "../../../../work/plan"))
    }
}
