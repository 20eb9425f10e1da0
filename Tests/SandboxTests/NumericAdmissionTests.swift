import Foundation
import Testing
@testable import Sandbox

/// Numbers a real API server refuses with 422 (out of int32, negative counts, fractions, bad
/// percentages) must be refused by the sandbox too, on every way of writing an object, and leave
/// the stored object as it was. Before, each of these took the whole sandbox down (a Swift trap in
/// a controller), losing every object.
@Suite("Sandbox numeric admission")
struct NumericAdmissionTests {
    /// One way a client changes `spec.replicas` of the Deployment "web"; `VALUE` is replaced by the
    /// number, spelled as the client sends it.
    struct Write: CustomTestStringConvertible, Sendable {
        let name: String
        let method: String
        let subresource: String
        let contentType: String
        let body: String
        /// The kind the 422 message names: the Deployment's, or the Scale's for `/scale`.
        let kind: String

        var testDescription: String { name }

        static let all: [Write] = [
            Write(name: "PUT", method: "PUT", subresource: "", contentType: "application/json",
                  body: SandboxAPI.deployment("web", #""replicas":VALUE"#), kind: "Deployment.apps"),
            Write(name: "JSON merge patch", method: "PATCH", subresource: "", contentType: "application/merge-patch+json",
                  body: #"{"spec":{"replicas":VALUE}}"#, kind: "Deployment.apps"),
            Write(name: "strategic merge patch", method: "PATCH", subresource: "", contentType: "application/strategic-merge-patch+json",
                  body: #"{"spec":{"replicas":VALUE}}"#, kind: "Deployment.apps"),
            Write(name: "JSON patch", method: "PATCH", subresource: "", contentType: "application/json-patch+json",
                  body: #"[{"op":"replace","path":"/spec/replicas","value":VALUE}]"#, kind: "Deployment.apps"),
            Write(name: "server-side apply", method: "PATCH", subresource: "", contentType: "application/apply-patch+yaml",
                  body: #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":VALUE}}"#,
                  kind: "Deployment.apps"),
            Write(name: "/scale merge patch", method: "PATCH", subresource: "/scale", contentType: "application/merge-patch+json",
                  body: #"{"spec":{"replicas":VALUE}}"#, kind: "Scale.autoscaling"),
            Write(name: "/scale JSON patch", method: "PATCH", subresource: "/scale", contentType: "application/json-patch+json",
                  body: #"[{"op":"replace","path":"/spec/replicas","value":VALUE}]"#, kind: "Scale.autoscaling"),
            Write(name: "/scale PUT", method: "PUT", subresource: "/scale", contentType: "application/json",
                  body: #"{"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"web","namespace":"default"},"spec":{"replicas":VALUE}}"#,
                  kind: "Scale.autoscaling"),
        ]
    }

    /// A refused number as sent, and the end of the message a real API server gives for it.
    struct BadNumber: CustomTestStringConvertible, Sendable {
        let spelling: String
        let shown: String
        let detail: String

        var testDescription: String { spelling }

        static let all: [BadNumber] = [
            BadNumber(spelling: "9223372036854775808", shown: "9223372036854775808", detail: "must be less than or equal to 2147483647"),
            BadNumber(spelling: "2147483648", shown: "2147483648", detail: "must be less than or equal to 2147483647"),
            BadNumber(spelling: "1e300", shown: "1e+300", detail: "must be less than or equal to 2147483647"),
            BadNumber(spelling: "-1", shown: "-1", detail: "must be greater than or equal to 0"),
            BadNumber(spelling: "-9223372036854775809", shown: "-9223372036854775808", detail: "must be greater than or equal to 0"),
            BadNumber(spelling: "1.5", shown: "1.5", detail: "must be an integer"),
        ]
    }

    @Test("a Deployment created with a refused replicas number is answered 422 and not stored", arguments: BadNumber.all)
    func createRefused(_ number: BadNumber) async {
        let api = SandboxAPI()
        let answer = await api.send("POST", SandboxAPI.deployments, SandboxAPI.deployment("web", #""replicas":\#(number.spelling)"#))
        #expect(answer.isInvalidStatus)
        #expect(answer.message == #"Deployment.apps "web" is invalid: spec.replicas: Invalid value: \#(number.shown): \#(number.detail)"#)
        #expect(answer.body[path: ["details", "causes"]]?.arrayValue?.first?["field"] == "spec.replicas")
        #expect(await api.send("GET", SandboxAPI.deployments + "/web").status == 404)
        #expect(await api.cluster.list(ObjectQuery(.replicaSets)).items.isEmpty)
    }

    @Test("every kind of update with a refused replicas number is answered 422 and leaves the Deployment as it was",
          arguments: Write.all, BadNumber.all)
    func updateRefused(_ write: Write, _ number: BadNumber) async throws {
        let api = SandboxAPI()
        #expect(await api.send("POST", SandboxAPI.deployments, SandboxAPI.deployment("web", #""replicas":2"#)).status == 201)
        let before = await api.send("GET", SandboxAPI.deployments + "/web").body
        let answer = await api.send(write.method, SandboxAPI.deployments + "/web" + write.subresource,
                                    write.body.replacingOccurrences(of: "VALUE", with: number.spelling), contentType: write.contentType)
        #expect(answer.isInvalidStatus)
        #expect(answer.message == #"\#(write.kind) "web" is invalid: spec.replicas: Invalid value: \#(number.shown): \#(number.detail)"#)
        #expect(await api.send("GET", SandboxAPI.deployments + "/web").body == before)
        #expect(await api.cluster.list(ObjectQuery(.pods)).items.count == 2)
    }

    @Test("the same writes with a good number still go through")
    func updatesAccepted() async throws {
        for write in Write.all {
            let api = SandboxAPI()
            #expect(await api.send("POST", SandboxAPI.deployments, SandboxAPI.deployment("web", #""replicas":2"#)).status == 201)
            let answer = await api.send(write.method, SandboxAPI.deployments + "/web" + write.subresource,
                                        write.body.replacingOccurrences(of: "VALUE", with: "3"), contentType: write.contentType)
            #expect(answer.status == 200, "\(write.name): \(answer.message)")
            #expect(await api.send("GET", SandboxAPI.deployments + "/web").body[path: ["spec", "replicas"]] == 3, "\(write.name)")
        }
    }

    @Test("a StatefulSet with negative replicas is refused on create and on patch")
    func statefulSetNegativeReplicas() async {
        let api = SandboxAPI()
        let created = await api.send("POST", SandboxAPI.statefulSets, SandboxAPI.statefulSet("db", #""replicas":-1"#))
        #expect(created.isInvalidStatus)
        #expect(created.message == #"StatefulSet.apps "db" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0"#)
        #expect(await api.send("GET", SandboxAPI.statefulSets + "/db").status == 404)

        #expect(await api.send("POST", SandboxAPI.statefulSets, SandboxAPI.statefulSet("db", #""replicas":1"#)).status == 201)
        let before = await api.send("GET", SandboxAPI.statefulSets + "/db").body
        let patched = await api.send("PATCH", SandboxAPI.statefulSets + "/db", #"{"spec":{"replicas":-3}}"#,
                                     contentType: "application/strategic-merge-patch+json")
        #expect(patched.isInvalidStatus)
        #expect(await api.send("GET", SandboxAPI.statefulSets + "/db").body == before)
    }

    /// A strategy member (raw JSON text) and the line of the 422 message it must give.
    struct BadStrategy: CustomTestStringConvertible, Sendable {
        let member: String
        let error: String
        var testDescription: String { member }

        static let all: [BadStrategy] = [
            BadStrategy(member: #""maxUnavailable":"999999999999999999999%""#,
                        error: #"spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "999999999999999999999%": must not be greater than 100%"#),
            BadStrategy(member: #""maxUnavailable":"101%""#,
                        error: #"spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "101%": must not be greater than 100%"#),
            BadStrategy(member: #""maxSurge":"999999999999999999999%""#,
                        error: #"spec.strategy.rollingUpdate.maxSurge: Invalid value: "999999999999999999999%": must be less than or equal to 2147483647%"#),
            BadStrategy(member: #""maxSurge":"abc""#,
                        error: #"spec.strategy.rollingUpdate.maxSurge: Invalid value: "abc": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"#),
            BadStrategy(member: #""maxSurge":"-5%""#,
                        error: #"spec.strategy.rollingUpdate.maxSurge: Invalid value: "-5%": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"#),
            BadStrategy(member: #""maxSurge":9223372036854775808"#,
                        error: #"spec.strategy.rollingUpdate.maxSurge: Invalid value: 9223372036854775808: must be less than or equal to 2147483647"#),
            BadStrategy(member: #""maxUnavailable":-1"#,
                        error: #"spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0"#),
            BadStrategy(member: #""maxUnavailable":1e300"#,
                        error: #"spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 1e+300: must be less than or equal to 2147483647"#),
            BadStrategy(member: #""maxUnavailable":true"#,
                        error: #"spec.strategy.rollingUpdate.maxUnavailable: Invalid value: true: must be an integer or percentage (e.g '5%')"#),
        ]
    }

    @Test("maxSurge and maxUnavailable out of range or not a percentage are refused on create and on patch", arguments: BadStrategy.all)
    func rollingUpdateStrategy(_ bad: BadStrategy) async {
        let api = SandboxAPI()
        let strategy = #""strategy":{"type":"RollingUpdate","rollingUpdate":{\#(bad.member)}}"#
        let created = await api.send("POST", SandboxAPI.deployments, SandboxAPI.deployment("web", #""replicas":4,\#(strategy)"#))
        #expect(created.isInvalidStatus)
        #expect(created.message == #"Deployment.apps "web" is invalid: \#(bad.error)"#)
        #expect(await api.send("GET", SandboxAPI.deployments + "/web").status == 404)

        #expect(await api.send("POST", SandboxAPI.deployments, SandboxAPI.deployment("web", #""replicas":4"#)).status == 201)
        let before = await api.send("GET", SandboxAPI.deployments + "/web").body
        let patched = await api.send("PATCH", SandboxAPI.deployments + "/web", #"{"spec":{\#(strategy)}}"#,
                                     contentType: "application/strategic-merge-patch+json")
        #expect(patched.isInvalidStatus)
        #expect(patched.message == #"Deployment.apps "web" is invalid: \#(bad.error)"#)
        #expect(await api.send("GET", SandboxAPI.deployments + "/web").body == before)
    }

    /// A spec member (raw JSON text) of a workload and the 422 line it must give.
    struct BadField: CustomTestStringConvertible, Sendable {
        let path: String
        let manifest: @Sendable (String) -> String
        let member: String
        let error: String
        var testDescription: String { "\(path) \(member)" }

        static let all: [BadField] = [
            BadField(path: SandboxAPI.deployments, manifest: { SandboxAPI.deployment("web", $0) }, member: #""revisionHistoryLimit":-1"#,
                     error: #"Deployment.apps "web" is invalid: spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0"#),
            BadField(path: SandboxAPI.deployments, manifest: { SandboxAPI.deployment("web", $0) }, member: #""progressDeadlineSeconds":1e300"#,
                     error: #"Deployment.apps "web" is invalid: spec.progressDeadlineSeconds: Invalid value: 1e+300: must be less than or equal to 2147483647"#),
            BadField(path: SandboxAPI.deployments, manifest: { SandboxAPI.deployment("web", $0) }, member: #""minReadySeconds":2.5"#,
                     error: #"Deployment.apps "web" is invalid: spec.minReadySeconds: Invalid value: 2.5: must be an integer"#),
            BadField(path: SandboxAPI.jobs, manifest: { SandboxAPI.job("migrate", $0) }, member: #""completions":9223372036854775808"#,
                     error: #"Job.batch "migrate" is invalid: spec.completions: Invalid value: 9223372036854775808: must be less than or equal to 2147483647"#),
            BadField(path: SandboxAPI.jobs, manifest: { SandboxAPI.job("migrate", $0) }, member: #""completions":1e300"#,
                     error: #"Job.batch "migrate" is invalid: spec.completions: Invalid value: 1e+300: must be less than or equal to 2147483647"#),
            BadField(path: SandboxAPI.jobs, manifest: { SandboxAPI.job("migrate", $0) }, member: #""parallelism":9223372036854775808"#,
                     error: #"Job.batch "migrate" is invalid: spec.parallelism: Invalid value: 9223372036854775808: must be less than or equal to 2147483647"#),
            BadField(path: SandboxAPI.jobs, manifest: { SandboxAPI.job("migrate", $0) }, member: #""backoffLimit":-1"#,
                     error: #"Job.batch "migrate" is invalid: spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0"#),
            BadField(path: SandboxAPI.statefulSets, manifest: { SandboxAPI.statefulSet("db", $0) }, member: #""replicas":1e300"#,
                     error: #"StatefulSet.apps "db" is invalid: spec.replicas: Invalid value: 1e+300: must be less than or equal to 2147483647"#),
        ]
    }

    @Test("other counts the controllers read are checked the same way", arguments: BadField.all)
    func otherCounts(_ bad: BadField) async {
        let api = SandboxAPI()
        let answer = await api.send("POST", bad.path, bad.manifest(bad.member))
        #expect(answer.isInvalidStatus)
        #expect(answer.message == bad.error)
        #expect(await api.cluster.list(ObjectQuery(.pods)).items.isEmpty)
    }

    @Test("a pod template's grace period must be a whole number of seconds")
    func podTemplateNumbers() async {
        let api = SandboxAPI()
        let manifest = SandboxAPI.deployment("web", #""replicas":1"#)
            .replacingOccurrences(of: #""containers":"#, with: #""terminationGracePeriodSeconds":1e300,"containers":"#)
        let answer = await api.send("POST", SandboxAPI.deployments, manifest)
        #expect(answer.isInvalidStatus)
        #expect(answer.message.hasPrefix(#"Deployment.apps "web" is invalid: spec.template.spec.terminationGracePeriodSeconds: Invalid value: 1e+300: "#))
    }

    @Test("several refused fields are listed together, as a real API server lists them")
    func severalErrors() async {
        let api = SandboxAPI()
        let answer = await api.send("POST", SandboxAPI.deployments, SandboxAPI.deployment("web", #""replicas":-1,"revisionHistoryLimit":-2"#))
        #expect(answer.isInvalidStatus)
        #expect(answer.message == #"Deployment.apps "web" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.revisionHistoryLimit: Invalid value: -2: must be greater than or equal to 0]"#)
        #expect(answer.body[path: ["details", "causes"]]?.arrayValue?.compactMap { $0["field"]?.stringValue } == ["spec.replicas", "spec.revisionHistoryLimit"])
    }

    @Test("a watch asked to last longer than a Duration can hold is served, not a trap", arguments: ["9223372036854775807", "-9223372036854775808"])
    func watchTimeout(_ seconds: String) async throws {
        let api = SandboxAPI()
        let request = APIRequest(method: "GET", path: "/api/v1/namespaces/default/pods", query: "watch=1&timeoutSeconds=\(seconds)",
                                 contentType: nil, accept: "application/json", body: Data())
        guard case .watch(let frames) = await api.handler.handle(request) else {
            Issue.record("not a watch")
            return
        }
        _ = try await api.cluster.create(["metadata": ["name": "p", "namespace": "default"]], as: .configMaps)
        // The timeout's sleep starts at once; give it the moment it needed to trap before.
        try await Task.sleep(for: .milliseconds(100))
        #expect(await api.send("GET", "/api/v1/namespaces/default/configmaps/p").status == 200)
        _ = frames
    }

    @Test("the sandbox keeps serving after a refused write")
    func keepsServing() async {
        let api = SandboxAPI()
        #expect(await api.send("POST", SandboxAPI.deployments, SandboxAPI.deployment("web", #""replicas":1"#)).status == 201)
        _ = await api.send("PATCH", SandboxAPI.deployments + "/web", #"{"spec":{"replicas":1e300}}"#, contentType: "application/merge-patch+json")
        #expect(await api.send("POST", SandboxAPI.deployments, SandboxAPI.deployment("api", #""replicas":1"#)).status == 201)
        #expect(await api.cluster.list(ObjectQuery(.deployments)).items.map(\.name) == ["api", "web"])
    }
}
