import BosunBasics
@testable import PlanLoading
import Testing

/// Parses plan text and returns the diagnostics it produced (empty when it loaded).
func diagnostics(of text: String) -> [Diagnostic] {
    do {
        _ = try PlanLoader.parse(text, file: "plan.yaml")
        return []
    } catch {
        return error.diagnostics
    }
}

let minimalHeader = """
    plan: demo
    environments:
      dev: { provider: kubectl, kubeconfig: kube.yaml }
    phases:

    """

@Suite("Plan loading")
struct PlanLoaderTests {
    @Test("the example of the format loads with every field")
    func loadsExample() throws {
        let document = try PlanLoader.parse("""
            plan: ecotrack
            description: EcoTrack
            vars: { version: v1.1.0 }
            environments:
              dev:
                provider: eks
                cluster: c1
                region: us-east-1
                terraform: { dir: tf, var_file: terraform.tfvars }
                vars: { replicas: "2" }
              prod: { provider: aks, cluster: aks-prod, resource_group: rg-prod, protected: true }
            phases:
              - name: apps
                parallel: true
                needs: []
                steps:
                  - namespace: ecotrack
                    labels: { istio-injection: enabled }
                  - id: postgres
                    apply: k8s/db.yaml
                    namespace: ecotrack
                    wait: { for: condition=Ready, pods: app=postgres-primary, timeout: 300s }
                  - run: [istioctl, analyze]
                    retries: 2
                    timeout: 1m
            """, file: "plan.yaml")
        #expect(document.name.value == "ecotrack")
        #expect(document.environments.map(\.name.value) == ["dev", "prod"])
        #expect(document.environments[1].protected)
        #expect(document.environments[0].parameters.map(\.value.name) == ["cluster", "region"])
        #expect(document.environments[0].terraform?.varFile?.value == "terraform.tfvars")
        let steps = document.phases[0].steps
        #expect(steps.count == 3)
        guard case .namespace(let namespace) = steps[0].action else { Issue.record("not a namespace step"); return }
        #expect(namespace.labels.first?.value == VariableDefinition(name: "istio-injection", value: "enabled"))
        guard case .apply(let apply) = steps[1].action else { Issue.record("not an apply step"); return }
        #expect(steps[1].namespace?.value == "ecotrack")
        #expect(apply.wait?.pods?.value == "app=postgres-primary")
        #expect(steps[2].retries?.value == 2)
        #expect(steps[2].location == SourceLocation(file: "plan.yaml", line: 23, column: 9))
        #expect(document.phases[0].needs?.isEmpty == true)
    }

    @Test("an unknown key is reported at its line and column with a suggestion")
    func unknownKey() {
        let found = diagnostics(of: minimalHeader + """
              - name: a
                steps:
                  - apply: x.yaml
                    timout: 5s
            """)
        #expect(found.count == 1)
        #expect(found[0].location == SourceLocation(file: "plan.yaml", line: 8, column: 9))
        #expect(found[0].message == "unknown key 'timout' in step")
        #expect(found[0].hint == "did you mean 'timeout'?")
    }

    @Test("a step without an action names the actions to choose from")
    func noAction() {
        let found = diagnostics(of: minimalHeader + """
              - name: a
                steps:
                  - id: lonely
            """)
        #expect(found.map(\.message) == ["step has no action"])
        #expect(found[0].hint?.contains("terraform, connect, namespace, apply") == true)
        #expect(found[0].location.line == 7)
    }

    @Test("a step with two actions is rejected at the second")
    func twoActions() {
        let found = diagnostics(of: minimalHeader + """
              - name: a
                steps:
                  - apply: x.yaml
                    run: [echo, hi]
            """)
        #expect(found.count == 1)
        #expect(found[0].message.contains("'apply' and 'run'"))
        #expect(found[0].location.line == 8)
    }

    @Test("run must be an argv array, never a shell string")
    func runAsString() {
        let found = diagnostics(of: minimalHeader + """
              - name: a
                steps:
                  - run: "rm -rf / && echo done"
            """)
        #expect(found.count == 1)
        #expect(found[0].message.hasPrefix("'run' must be a list of arguments"))
    }

    @Test("every structural error of a file is reported together")
    func allErrorsTogether() {
        let found = diagnostics(of: """
            plan: demo
            colour: blue
            environments:
              dev: { kubeconfig: k }
            phases:
              - name: a
                parallel: sometimes
                steps:
                  - check: { url: "http://x" }
                  - retries: many
                    run: [true]
            """)
        let messages = found.map(\.message)
        #expect(messages.contains("unknown key 'colour' in the plan"))
        #expect(messages.contains("environment 'dev' has no 'provider'"))
        #expect(messages.contains("'parallel' must be true or false, got 'sometimes'"))
        #expect(messages.contains("unknown key 'url' in check"))
        #expect(messages.contains("check is missing 'http'"))
        #expect(messages.contains("'retries' must be a whole number ≥ 0, got 'many'"))
        #expect(found.count == 6)
        // Sorted by position, like a compiler.
        #expect(found.map(\.location.line) == found.map(\.location.line).sorted())
    }

    @Test("invalid YAML points at the line of the syntax error")
    func syntaxError() {
        let found = diagnostics(of: "plan: demo\nphases:\n  - name: [unclosed\n")
        #expect(found.count == 1)
        #expect(found[0].message.hasPrefix("invalid YAML"))
        #expect(found[0].location.line >= 3)
    }

    @Test("a duplicate key is an error, not a silent override")
    func duplicateKey() {
        let found = diagnostics(of: "plan: demo\nplan: other\nenvironments: {}\nphases: []\n")
        #expect(found.contains { $0.message.contains("duplicate key 'plan'") })
    }

    @Test("an empty file says what a plan starts with")
    func emptyFile() {
        let found = diagnostics(of: "")
        #expect(found.map(\.message) == ["the file is empty"])
    }

    @Test("wait needs exactly one of pods or resource")
    func waitTarget() {
        let found = diagnostics(of: minimalHeader + """
              - name: a
                steps:
                  - apply: x.yaml
                    wait: { for: condition=Ready }
            """)
        #expect(found.map(\.message) == ["wait needs exactly one of 'pods' (a label selector) or 'resource'"])
    }

    @Test("labels on a non-namespace step are refused")
    func misplacedLabels() {
        let found = diagnostics(of: minimalHeader + """
              - name: a
                steps:
                  - apply: x.yaml
                    labels: { a: b }
            """)
        #expect(found.map(\.message) == ["'labels' only applies to namespace steps"])
    }

    @Test("preview belongs to run steps, and is an argv like run")
    func misplacedPreview() {
        let onApply = diagnostics(of: minimalHeader + """
              - name: a
                steps:
                  - apply: x.yaml
                    preview: [kubectl, diff, -f, x.yaml]
            """)
        #expect(onApply.map(\.message) == ["'preview' only applies to run steps"])
        let shell = diagnostics(of: minimalHeader + """
              - name: a
                steps:
                  - run: [make, deploy]
                    preview: "make -n deploy"
            """)
        #expect(shell.map(\.message) == ["'preview' must be a list of arguments (an argv array), not the value 'make -n deploy'"], "\(shell.map(\.message))")
    }

    @Test("a few YAML aliases are fine; aliases in quotes and comments are not counted")
    func aliasesWithinBudget() {
        let text = minimalHeader + """
              - name: a
                steps:
                  - &step { run: [echo, "*not-an-alias", '*nor-this'] }   # *nor-a-comment
                  - *step
            """
        #expect(AliasBudget.aliases(in: text) == 1)
        #expect(AliasBudget.aliases(in: String(repeating: "- *a\n", count: 33)) == 33)
        #expect(diagnostics(of: text).isEmpty, "a plan may share a step's fields through an anchor")
    }
}
