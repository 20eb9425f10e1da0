import BosunBasics
import Testing

/// `notify:` in a plan: webhook URLs, plan-wide and per environment, checked where they are written.
@Suite("notify: webhooks in the plan")
struct NotifyCompileTests {
    static let plan = """
        plan: demo
        notify: ["https://ci.example.com/bosun", "${hook}"]
        vars:
          hook: { value: "https://hooks.slack.com/services/T0/B0/s3cr3t-token", secret: true }
        environments:
          dev: { provider: kubectl, kubeconfig: kube.yaml, notify: ["https://oncall.example.com/dev", "https://ci.example.com/bosun"] }
          local: { provider: kubectl, kubeconfig: kube.yaml }
        phases:
          - name: a
            steps:
              - run: [echo, hi]

        """

    @Test("the plan's webhooks, then the environment's, resolved and without repeats; a secret URL is masked")
    func compiled() throws {
        let dev = try CompilerFixture.compiled(Self.plan, environment: "dev")
        #expect(dev.notify == ["https://ci.example.com/bosun", "https://hooks.slack.com/services/T0/B0/s3cr3t-token",
                               "https://oncall.example.com/dev"])
        #expect(dev.secrets.contains("https://hooks.slack.com/services/T0/B0/s3cr3t-token"))
        let local = try CompilerFixture.compiled(Self.plan, environment: "local")
        #expect(local.notify.count == 2)
        let plain = try CompilerFixture.compiled(CompilerFixture.header + "  - name: a\n    steps:\n      - approve: ok\n")
        #expect(plain.notify.isEmpty)
    }

    @Test("a bad notify value is an error at its line, with a hint, and never quotes the URL")
    func badValues() {
        let found = CompilerFixture.diagnostics("""
            plan: demo
            notify:
              - notaurl
              - ftp://files.example.com/drop
              - "https:///no-host"
            environments:
              dev: { provider: kubectl, kubeconfig: kube.yaml, notify: https://one.example.com }
            phases:
              - name: a
                steps:
                  - run: [echo, hi]

            """)
        #expect(found.map(\.message) == [
            "'notify' takes http or https URLs with a host: it is not a URL",
            "'notify' takes http or https URLs with a host: its scheme is 'ftp', not http or https",
            "'notify' takes http or https URLs with a host: it has no host",
            "'environments.dev.notify' must be a list of http or https URLs, not the value 'https://one.example.com'",
        ])
        #expect(found.map(\.location.line) == [3, 4, 5, 7])
        #expect(found.allSatisfy { $0.hint?.contains("notify: [") == true })
    }

    @Test("a URL from a variable is checked once resolved, at the line that uses it, with the secret masked")
    func resolvedValue() {
        let found = CompilerFixture.diagnostics("""
            plan: demo
            vars: { hook: { value: "ftp://s3cr3t-value", secret: true } }
            notify: ["${hook}"]
            environments:
              dev: { provider: kubectl, kubeconfig: kube.yaml }
            phases:
              - name: a
                steps:
                  - run: [echo, hi]

            """)
        #expect(found.map(\.message) == ["'notify' takes http or https URLs with a host: once its variables are resolved, its scheme is 'ftp', not http or https"])
        #expect(found.first?.location.line == 3)
        #expect(!found.description.contains("s3cr3t-value"))
    }

    @Test("a misspelt notify key gets a did-you-mean, at the plan's top and in an environment")
    func typos() {
        let found = CompilerFixture.diagnostics("""
            plan: demo
            notfy: [https://ci.example.com]
            environments:
              dev: { provider: kubectl, kubeconfig: kube.yaml }
            phases:
              - name: a
                steps:
                  - run: [echo, hi]

            """)
        #expect(found.first?.message == "unknown key 'notfy' in the plan")
        #expect(found.first?.hint == "did you mean 'notify'?")
        let inEnvironment = CompilerFixture.diagnostics("""
            plan: demo
            environments:
              dev: { provider: kubectl, kubeconfig: kube.yaml, notifiy: [https://ci.example.com] }
            phases:
              - name: a
                steps:
                  - run: [echo, hi]

            """)
        #expect(inEnvironment.first?.hint?.hasPrefix("did you mean 'notify'?") == true, "\(inEnvironment)")
    }
}
