import BosunBasics
import Testing

@Suite("Compiler errors, each with its location")
struct CompilerErrorTests {
    let header = CompilerFixture.header

    @Test("an unknown environment lists the plan's environments")
    func unknownEnvironment() {
        let found = CompilerFixture.diagnostics(header + "  - name: a\n    steps:\n      - approve: ok\n", environment: "prd")
        #expect(found.map(\.message) == ["unknown environment 'prd'"])
        #expect(found[0].hint == "environments of this plan: dev, local")
    }

    @Test("a referenced path outside the plan's folder is refused, whether by .. or absolute")
    func pathsEscapingThePlanFolder() {
        let found = CompilerFixture.diagnostics(header + """
              - name: a
                steps:
                  - apply: ../../Package.swift
                  - apply: k8s/../../project/k8s/db.yaml
                  - apply: /etc/hostname
            """)
        #expect(found.map(\.message) == [
            "manifest path '../../Package.swift' is outside the plan's folder",
            "manifest path '/etc/hostname' is outside the plan's folder",
        ])
        #expect(found.first?.location.line == 13)
    }

    @Test("an unknown provider names the profiles that exist")
    func unknownProvider() {
        let found = CompilerFixture.diagnostics("""
            plan: demo
            environments:
              dev: { provider: gke, cluster: c }
            phases:
              - name: a
                steps:
                  - approve: ok
            """)
        #expect(found.map(\.message) == ["unknown provider 'gke' in environment 'dev'"])
        #expect(found[0].location.line == 3)
        #expect(found[0].hint?.contains("aks, eks, kubectl") == true)
    }

    @Test("a missing provider parameter and an unknown one are both reported")
    func providerParameters() {
        let found = CompilerFixture.diagnostics("""
            plan: demo
            environments:
              dev: { provider: eks, cluster: c, regoin: us-east-1 }
            phases:
              - name: a
                steps:
                  - approve: ok
            """)
        #expect(found.map(\.message).sorted() == [
            "environment 'dev' is missing 'region', required by provider 'eks'",
            "unknown key 'regoin' in environment 'dev'",
        ])
        #expect(found.first { $0.message.hasPrefix("unknown key") }?.hint?.hasPrefix("did you mean 'region'?") == true)
    }

    @Test("duplicate ids point at the second use and note the first")
    func duplicateIDs() {
        let found = CompilerFixture.diagnostics(header + """
              - name: a
                steps:
                  - { id: db, approve: one }
                  - { id: db, approve: two }
            """)
        #expect(found.count == 1)
        #expect(found[0].message == "duplicate step id 'db'")
        #expect(found[0].location.line == 14)
        #expect(found[0].notes.first?.location.line == 13)
    }

    @Test("an unknown need suggests the closest step id")
    func unknownNeeds() {
        let found = CompilerFixture.diagnostics(header + """
              - name: a
                steps:
                  - { id: postgres, approve: one }
                  - { id: api, approve: two, needs: [postgre] }
            """)
        #expect(found.map(\.message) == ["step 'api' needs unknown step or phase 'postgre'"])
        #expect(found[0].hint == "did you mean 'postgres'?")
        #expect(found[0].location.line == 14)
    }

    @Test("a bad duration says how to write one")
    func badDuration() {
        let found = CompilerFixture.diagnostics(header + """
              - name: a
                steps:
                  - { approve: one, timeout: soon }
            """)
        #expect(found.map(\.message) == ["'timeout' is not a duration: 'soon'"])
        #expect(found[0].hint?.contains("300s, 5m") == true)
    }

    @Test("an unknown variable lists the known ones")
    func unknownVariable() {
        let found = CompilerFixture.diagnostics(header + """
              - name: a
                steps:
                  - approve: "Deploy ${verison}?"
            """)
        #expect(found.map(\.message) == ["unknown variable '${verison}'"])
        #expect(found[0].hint?.hasPrefix("did you mean 'version'? known variables: domain, environment, plan, version") == true)
        #expect(found[0].location.line == 13)
    }

    @Test("a variable that refers to itself is an error, not a hang")
    func variableLoop() {
        let found = CompilerFixture.diagnostics("""
            plan: demo
            vars: { a: "${b}", b: "x${a}" }
            environments:
              dev: { provider: kubectl, kubeconfig: kube.yaml }
            phases:
              - name: p
                steps:
                  - approve: "${a}"
            """)
        #expect(found.contains { $0.message.contains("refers to itself") })
    }

    @Test("a missing manifest path is reported relative to the plan's folder")
    func missingPath() {
        let found = CompilerFixture.diagnostics(header + """
              - name: a
                steps:
                  - apply: k8s/nope.yaml
            """)
        #expect(found.map(\.message) == ["manifest path 'k8s/nope.yaml' does not exist"])
    }

    @Test("a cycle is printed as a path of step ids with their lines")
    func cycle() {
        let found = CompilerFixture.diagnostics(header + """
              - name: a
                parallel: true
                steps:
                  - { id: x, approve: one, needs: [z] }
                  - { id: y, approve: two, needs: [x] }
                  - { id: z, approve: three, needs: [y] }
            """)
        #expect(found.count == 1)
        #expect(found[0].message == "dependency cycle: x -> y -> z -> x")
        #expect(found[0].notes.map(\.location.line) == [14, 15, 16])
    }

    @Test("a step that needs itself is a cycle of length 1")
    func selfCycle() {
        let found = CompilerFixture.diagnostics(header + """
              - name: a
                steps:
                  - { id: x, approve: one, needs: [x] }
            """)
        #expect(found.map(\.message) == ["dependency cycle: x -> x"])
    }

    @Test("a step needing a later phase is a cycle through the phase barriers")
    func crossPhaseCycle() {
        let found = CompilerFixture.diagnostics(header + """
              - name: first
                steps:
                  - { id: early, approve: one, needs: [second] }
              - name: second
                steps:
                  - { id: late, approve: two }
            """)
        #expect(found.count == 1)
        #expect(found[0].message.contains("early"))
        #expect(found[0].message.contains("(end of phase second)"))
    }

    @Test("errors of different kinds are all reported in one compile")
    func allTogether() {
        let found = CompilerFixture.diagnostics(header + """
              - name: a
                steps:
                  - { id: x, approve: "${nope}", timeout: "${domain}" }
                  - { id: y, apply: missing.yaml, needs: [ghost] }
            """)
        #expect(found.count == 4)
    }

    @Test("terraform steps need terraform settings on the environment")
    func terraformWithoutSettings() {
        let found = CompilerFixture.diagnostics(header + "  - name: a\n    steps:\n      - terraform: module.vpc\n", environment: "local")
        #expect(found.map(\.message) == ["terraform step, but environment 'local' has no terraform settings"])
    }
}
