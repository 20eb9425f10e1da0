import BosunBasics
import Foundation
import PlanCompiler
import PlanLoading
import PlanModel
import Testing

/// Every file an apply or kustomize step reads lies inside the plan's folder once its symlinks
/// are followed (issue 12, item 12): `apply: DIR` with `DIR/x.yaml -> /outside/file` validated,
/// and kubectl applied the outside file.
@Suite("files steps read stay in the plan's folder")
struct FolderConfinementTests {
    /// A plan folder (with `kube.yaml`) and, beside it, a folder that is not the plan's.
    final class Folders: TemporaryFolder {
        var plan: String { root + "/plan" }
        var outside: String { root + "/outside" }

        init() throws {
            super.init(prefix: "bosun-confine")
            try write("plan/kube.yaml", "apiVersion: v1\nkind: Config\n")
            try write("outside/secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata: { name: stolen }\n")
            try write("outside/kustomization.yaml", "resources: [secret.yaml]\n")
        }

        func link(_ path: String, to target: String) throws {
            try FileManager.default.createDirectory(atPath: (root + "/" + path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: root + "/" + path, withDestinationPath: target)
        }

        /// The diagnostics of compiling a plan whose last phase has `steps` (its step lines start on line 10).
        func diagnostics(_ steps: String) -> [Diagnostic] {
            let text = """
                plan: confined
                environments:
                  local: { provider: kubectl, kubeconfig: kube.yaml }
                phases:
                  - name: cluster
                    steps:
                      - connect: cluster
                  - name: a
                    steps:

                """ + steps
            do {
                let document = try PlanLoader.parse(text, file: plan + "/plan.yaml")
                _ = try PlanCompiler.compile(document, providers: CompilerFixture.providers,
                                             options: CompileOptions(environment: "local", runDirectory: "/runs/r1"))
                return []
            } catch {
                return error.diagnostics
            }
        }
    }

    @Test("a manifest of an applied folder that is a symlink out of the plan's folder is refused at the apply: line")
    func symlinkedManifest() throws {
        let folders = try Folders()
        try folders.write("plan/k8s/ok.yaml", "kind: ConfigMap\n")
        try folders.link("plan/k8s/x.yaml", to: folders.outside + "/secret.yaml")
        let found = folders.diagnostics("      - apply: k8s\n")
        #expect(found.map(\.message) == ["manifest 'k8s/x.yaml' is a symlink leading outside the plan's folder, to '\(folders.outside)/secret.yaml'"])
        #expect(found.first?.location.line == 10 && found.first?.location.column == 16)
        #expect(found.first?.hint?.contains("stays inside the plan's folder") == true)
        // With render: true too (the manifest would be read and sent on standard input).
        #expect(folders.diagnostics("      - { apply: k8s, render: true }\n").count == 1)
    }

    @Test("a relative symlink that climbs out, a link to nowhere and a FIFO are refused too")
    func otherEscapes() throws {
        let folders = try Folders()
        try folders.link("plan/k8s/up.yaml", to: "../../outside/secret.yaml")
        try folders.link("plan/k8s/dangling.yaml", to: "missing.yaml")
        #expect(mkfifo(folders.plan + "/k8s/pipe.yaml", 0o600) == 0)
        let found = folders.diagnostics("      - apply: k8s/\n")
        #expect(found.map(\.message) == [
            "manifest 'k8s/dangling.yaml' is a symlink that leads nowhere (its target is missing, or links loop)",
            "manifest 'k8s/pipe.yaml' is not a regular file (a folder, a FIFO or a device)",
            "manifest 'k8s/up.yaml' is a symlink leading outside the plan's folder, to '\(folders.outside)/secret.yaml'",
        ])
    }

    @Test("symlinks inside the plan's folder that stay inside are fine, files and folders alike")
    func insideLinks() throws {
        let folders = try Folders()
        try folders.write("plan/manifests/real/app.yaml", "kind: ConfigMap\n")
        try folders.link("plan/manifests/real/alias.yaml", to: "app.yaml")
        try folders.link("plan/k8s", to: "manifests/real")
        #expect(folders.diagnostics("      - apply: k8s\n      - apply: manifests/real/alias.yaml\n").isEmpty)
    }

    @Test("an applied folder that is itself a symlink out is refused, and nothing in it is read")
    func symlinkedFolder() throws {
        let folders = try Folders()
        try folders.link("plan/k8s", to: folders.outside)
        let found = folders.diagnostics("      - apply: k8s\n      - kustomize: k8s\n")
        #expect(found.map(\.message) == [
            "manifest path 'k8s' is a symlink leading outside the plan's folder, to '\(folders.outside)'",
            "kustomization folder 'k8s' is a symlink leading outside the plan's folder, to '\(folders.outside)'",
        ])
    }

    @Test("every file a kustomization names is checked: resources, nested folders, patches, generators and the kustomization itself")
    func kustomization() throws {
        let folders = try Folders()
        try folders.write("plan/base/deployment.yaml", "kind: ConfigMap\n")
        try folders.write("plan/base/kustomization.yaml", """
            resources:
              - deployment.yaml
              - leak.yaml
              - nested
              - ../../outside/secret.yaml
              - https://example.com/remote.yaml
              - .
            patches:
              - path: patch.yaml
            configMapGenerator:
              - name: config
                files: [key=config.txt]

            """)
        try folders.link("plan/base/leak.yaml", to: folders.outside + "/secret.yaml")
        try folders.link("plan/base/nested", to: folders.outside)
        try folders.link("plan/base/patch.yaml", to: "/etc/hostname")
        try folders.link("plan/base/config.txt", to: folders.outside + "/secret.yaml")
        try folders.link("plan/linked/kustomization.yaml", to: folders.outside + "/kustomization.yaml")
        let found = folders.diagnostics("      - kustomize: base\n      - kustomize: linked\n")
        let named = " (named in base/kustomization.yaml)"
        #expect(found.map(\.message) == [
            "file 'base/leak.yaml'\(named) is a symlink leading outside the plan's folder, to '\(folders.outside)/secret.yaml'",
            "file 'base/nested'\(named) is a symlink leading outside the plan's folder, to '\(folders.outside)'",
            "file '\(folders.outside)/secret.yaml'\(named) is outside the plan's folder",
            "file 'base/patch.yaml'\(named) is a symlink leading outside the plan's folder, to '/etc/hostname'",
            "file 'base/config.txt'\(named) is a symlink leading outside the plan's folder, to '\(folders.outside)/secret.yaml'",
            "kustomization file 'linked/kustomization.yaml' is a symlink leading outside the plan's folder, to '\(folders.outside)/kustomization.yaml'",
        ])
        #expect(found.prefix(5).allSatisfy { $0.location.line == 10 && $0.location.column == 20 })
        #expect(found.last?.location.line == 11)
    }
}
