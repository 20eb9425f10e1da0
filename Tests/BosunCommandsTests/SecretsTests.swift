import Foundation
import Testing

/// Secret values reach the commands that need them and nothing else: not the screen, the plan
/// output, the logs or any file of the journal.
@Suite("secrets are masked everywhere but in the commands themselves")
struct SecretsTests {
    static let token = "s3cr3t-token-4711"
    static let password = "hunter2-from-env"

    static let plan = """
        plan: demo
        vars:
          token: { value: "\(token)", secret: true }
          greeting: hello
        environments:
          local: { provider: kubectl, kubeconfig: kube.yaml }
        phases:
          - name: a
            steps:
              - { id: use, run: [sh, -c, "test \\"$0\\" = \(token) && test \\"$1\\" = \(password) && touch ok", "${token}", "${env:BOSUN_TEST_PASSWORD}"] }
              - { id: leak, run: [echo, "token=${token} password=${env:BOSUN_TEST_PASSWORD} ${greeting}"] }
              - { id: fail, run: [sh, -c, "echo ${token} >&2; exit 3"] }

        """

    private func allJournalText(_ project: Project) throws -> String {
        let root = project.path(".bosun")
        let files = FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? []
        return files.compactMap { try? String(contentsOfFile: root + "/" + $0, encoding: .utf8) }.joined(separator: "\n")
    }

    @Test("apply, plan, show and the journal never contain a secret, while the commands get the real values")
    func masked() async throws {
        let project = try Project(plan: Self.plan, files: Project.kubeconfig)
        defer { project.remove() }
        let environment = ["BOSUN_TEST_PASSWORD": Self.password]

        let run = try await project.run(["apply", "plan.yaml", "--env", "local"], environment: environment)
        #expect(run.status == 1)
        #expect(project.exists("ok"), "the command received both real values")
        #expect(run.stdout.contains("[leak] token=*** password=*** hello"))
        for secret in [Self.token, Self.password] {
            #expect(!run.stdout.contains(secret) && !run.stderr.contains(secret))
            #expect(!(try allJournalText(project)).contains(secret), "no file of the journal holds \(secret)")
        }
        let show = try await project.run(["show", "last", "--logs"])
        #expect(show.stdout.contains("token=*** password=***"))
        #expect(!show.stdout.contains(Self.token))

        for format in ["text", "json"] {
            let plan = try await project.run(["plan", "plan.yaml", "--env", "local", "--format", format], environment: environment)
            #expect(plan.status == 0)
            #expect(plan.stdout.contains("***"))
            #expect(!plan.stdout.contains(Self.token) && !plan.stdout.contains(Self.password))
        }
    }

    @Test("an unset ${env:NAME} and a secret too short to mask are errors with their location")
    func errors() async throws {
        let project = try Project(plan: Self.plan.replacingOccurrences(of: Self.token, with: "abc"), files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["validate", "plan.yaml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("plan.yaml:3:3: error: secret 'token' is too short to be masked reliably"))
        #expect(result.stderr.contains("error: environment variable 'BOSUN_TEST_PASSWORD' is not set (used as '${env:BOSUN_TEST_PASSWORD}')"))
    }
}
