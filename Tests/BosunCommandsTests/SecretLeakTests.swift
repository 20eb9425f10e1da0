import Foundation
import Testing

/// The leaks of issue 12 (item 7), each driven through the real binary: a secret must not show,
/// whole or in pieces, in what bosun prints or in any file of its state folder.
@Suite("secrets stay masked in long lines, multi-line values, program paths and errors")
struct SecretLeakTests {
    /// Every 4-character window of these holds a lowercase letter, so no piece of them can turn
    /// up by chance in the uppercase-hex UUIDs of the temporary folders.
    static let token = "Qx7vKp2mZr9wLt4N"
    static let override = "Hb3nWq8sYd5kPf2J"
    static let fromEnvironment = "Tg6cRm1xNv4bJz8K"

    /// Whether `text` shows `secret` or any 4-character piece of it (half of a secret cut in two).
    static func reveals(_ text: String, _ secret: String) -> Bool {
        let characters = Array(secret)
        return (0...(characters.count - 4)).contains { text.contains(String(characters[$0..<$0 + 4])) }
    }

    /// What bosun printed and everything it wrote under the project's `.bosun` folder.
    static func everything(_ results: [BosunProcess.Result], _ project: Project) -> String {
        let root = project.path(".bosun")
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        let written = files.compactMap { try? String(contentsOfFile: root + "/" + $0, encoding: .utf8) }
        return (results.flatMap { [$0.stdout, $0.stderr] } + written).joined(separator: "\n")
    }

    @Test("a secret straddling the 16 KiB cut of a long output line is masked whole, at every offset")
    func longLine() async throws {
        // One line per offset: 16,384 - k filler bytes, then the secret, so that the cut falls
        // k characters into it.
        let offsets = (1..<Self.token.count).map(String.init).joined(separator: " ")
        let plan = """
            plan: demo
            vars:
              token: { value: "\(Self.token)", secret: true }
            environments:
              local: { provider: kubectl, kubeconfig: kube.yaml }
            phases:
              - name: a
                steps:
                  - id: long
                    run: [sh, -c, 'for k in \(offsets); do head -c $((16384 - k)) /dev/zero | tr "\\0" x; printf "%s\\n" "$0"; done', "${token}"]

            """
        let project = try Project(plan: plan, files: Project.kubeconfig)
        defer { project.remove() }
        let run = try await project.run(["apply", "plan.yaml", "--env", "local"])
        #expect(run.status == 0, "\(run.stderr)")
        let show = try await project.run(["show", "last", "--logs"])
        let shown = Self.everything([run, show], project)
        #expect(!Self.reveals(shown, Self.token))
        // The secret comes whole after the filler of every line, each time masked.
        let masked = run.stdout.split(separator: "\n").filter { $0 == "[long] ***" }
        #expect(masked.count == Self.token.count - 1)
        #expect(show.stdout.contains("***"))
    }

    static let firstLine = "-----BEGIN KEY-----"
    static let keyLines = ["Mx4qWn7rTb2vLk9s", "Pz3hGc8jDf5wNy1u"]
    /// A PEM-like value, as `${env:…}` and as a secret variable: "-----BEGIN KEY-----\n…".
    static let key = ([firstLine] + keyLines + ["-----END KEY-----", ""]).joined(separator: "\n")

    @Test("every line of a multi-line secret is masked in output, commands and errors")
    func multiLine() async throws {
        let plan = """
            plan: demo
            vars:
              key: { value: "\(Self.key.replacingOccurrences(of: "\n", with: "\\n"))", secret: true }
            environments:
              local: { provider: kubectl, kubeconfig: kube.yaml }
            phases:
              - name: a
                steps:
                  - { id: variable, run: [printf, "%s", "${key}"] }
                  - { id: environment, run: [sh, -c, 'printf "%s\\n" "$0"; echo "$0" >&2', "${env:BOSUN_TEST_KEY}"] }

            """
        let project = try Project(plan: plan, files: Project.kubeconfig)
        defer { project.remove() }
        let environment = ["BOSUN_TEST_KEY": Self.key.replacingOccurrences(of: "KEY", with: "ENV KEY")]
        let run = try await project.run(["apply", "plan.yaml", "--env", "local"], environment: environment)
        #expect(run.status == 0, "\(run.stderr)")
        let show = try await project.run(["show", "last", "--logs"])
        let plans = try await [project.run(["plan", "plan.yaml", "--env", "local"], environment: environment),
                               project.run(["plan", "plan.yaml", "--env", "local", "--format", "json"], environment: environment)]
        let broken = try Project(plan: plan.replacingOccurrences(of: "id: variable,", with: "id: variable, timeout: \"${key}\","),
                                 files: Project.kubeconfig)
        defer { broken.remove() }
        let invalid = try await broken.run(["validate", "plan.yaml"], environment: environment)
        #expect(invalid.status == 2)
        #expect(invalid.stderr.contains("'timeout' is not a duration: '***'"))

        let shown = Self.everything([run, show, invalid] + plans, project)
        for line in Self.keyLines { #expect(!Self.reveals(shown, line)) }
        #expect(run.stdout.contains("[variable] ***"))
        #expect(run.stdout.contains("[environment] ***"))
        #expect(run.stdout.contains("$ printf %s '***'"))
        #expect(plans.allSatisfy { $0.status == 0 && $0.stdout.contains("***") })
    }

    @Test("a secret with a quote in it is masked in the command shown as it runs, though shell quoting rewrites the quote")
    func quotedSecret() async throws {
        let password = "pa'ss-Wq8sYd5k"
        let plan = """
            plan: demo
            vars:
              password: { value: "\(password)", secret: true }
            environments:
              local: { provider: kubectl, kubeconfig: kube.yaml }
            phases:
              - name: a
                steps:
                  - { id: login, run: [echo, "--password=${password}"] }

            """
        let project = try Project(plan: plan, files: Project.kubeconfig)
        defer { project.remove() }
        let run = try await project.run(["apply", "plan.yaml", "--env", "local"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("[login] $ echo '--password=***'"))
        #expect(run.stdout.contains("[login] --password=***"))
        let show = try await project.run(["show", "last", "--logs"])
        let shown = Self.everything([run, show], project)
        #expect(!Self.reveals(shown, "Wq8sYd5k"))
    }

    @Test("a secret in a run: program path is masked in plan JSON, doctor and the preflight")
    func programPath() async throws {
        let plan = """
            plan: demo
            vars:
              token: { value: "\(Self.token)", secret: true }
            environments:
              local: { provider: kubectl, kubeconfig: kube.yaml }
            phases:
              - name: a
                steps:
                  - { id: present, run: ["./tools-${token}/deploy"] }
                  - { id: missing, run: ["./missing-${env:BOSUN_TEST_TOKEN}/deploy"] }

            """
        let project = try Project(plan: plan, files: Project.kubeconfig.merging(
            ["tools-\(Self.token)/deploy": "#!/bin/sh\necho deployed\n"]) { $1 })
        defer { project.remove() }
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: project.path("tools-\(Self.token)/deploy"))
        let environment = ["BOSUN_TEST_TOKEN": Self.fromEnvironment]

        let json = try await project.run(["plan", "plan.yaml", "--env", "local", "--format", "json"], environment: environment)
        #expect(json.status == 0)
        let document = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let programs = (document?["tools"] as? [[String: Any]])?.compactMap { $0["program"] as? String }
        #expect(programs?.contains("./tools-***/deploy") == true)
        #expect(programs?.contains("./missing-***/deploy") == true)
        let doctor = try await project.run(["doctor", "plan.yaml", "--env", "local"], environment: environment)
        #expect(doctor.stdout.contains("./tools-***/deploy"))
        #expect(doctor.stdout.contains("./missing-***/deploy"))
        let apply = try await project.run(["apply", "plan.yaml", "--env", "local"], environment: environment)
        #expect(apply.status == 1)
        #expect(apply.stderr.contains("./missing-***/deploy: no executable file there"))

        let shown = Self.everything([json, doctor, apply], project)
        #expect(!Self.reveals(shown, Self.token))
        #expect(!Self.reveals(shown, Self.fromEnvironment))
    }

    @Test("errors quoting a value that holds a secret mask it in validate, plan and apply, --set and ${env:} included")
    func diagnostics() async throws {
        let plan = """
            plan: demo
            vars:
              token: { value: "\(Self.token)", secret: true }
            environments:
              local: { provider: kubectl, kubeconfig: kube.yaml }
            phases:
              - name: a
                steps:
                  - { apply: "k8s/${token}.yaml" }
                  - { check: { http: "not-a-url/${env:BOSUN_TEST_TOKEN}" } }
                  - { id: slow, run: ["true"], timeout: "${token}" }

            """
        let project = try Project(plan: plan, files: Project.kubeconfig)
        defer { project.remove() }
        let environment = ["BOSUN_TEST_TOKEN": Self.fromEnvironment]
        var results: [BosunProcess.Result] = []
        for arguments in [["validate", "plan.yaml"], ["plan", "plan.yaml", "--env", "local"], ["apply", "plan.yaml", "--env", "local"]] {
            for overrides in [[], ["--set", "token=\(Self.override)"]] where arguments[0] != "validate" || overrides.isEmpty {
                let result = try await project.run(arguments + overrides, environment: environment)
                #expect(result.status == 2)
                #expect(result.stderr.contains("manifest path 'k8s/***.yaml' does not exist"), "\(arguments + overrides)")
                #expect(result.stderr.contains("'not-a-url/***' is not an http(s) URL"))
                #expect(result.stderr.contains("'timeout' is not a duration: '***'"))
                results.append(result)
            }
        }
        let shown = Self.everything(results, project)
        for secret in [Self.token, Self.override, Self.fromEnvironment] { #expect(!Self.reveals(shown, secret)) }
    }
}
