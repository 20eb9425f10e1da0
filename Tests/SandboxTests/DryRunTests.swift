import Foundation
import Testing
@testable import Sandbox

/// Server-side dry run as the API server does it (k8s.io/apiserver registry/generic/registry
/// dryrun.go): checked exactly as the real write, answered as the real write would be, except that
/// nothing is stored, so nothing takes a resourceVersion.
@Suite("Sandbox server-side dry run")
struct DryRunTests {
    private static func web(image: String = "web:1") -> JSON {
        var object = SimulatedCluster.deployment("web", image: image)
        object[path: ["metadata", "namespace"]] = "default"
        return object
    }

    /// A cluster holding the Deployment "web", settled (its pods started at once).
    private func clusterWithWeb() async throws -> (Cluster, JSON) {
        let cluster = Cluster(settings: SimulationSettings(readyDelay: 0))
        _ = try await cluster.create(Self.web(), as: .deployments)
        return (cluster, try await cluster.get(.deployments, namespace: "default", name: "web"))
    }

    @Test("a dry-run create answers the object as it would be created, without a resourceVersion, and stores nothing")
    func create() async throws {
        let (cluster, _) = try await clusterWithWeb()
        let before = await ResourceVersions(of: cluster)
        var api = Self.web()
        api[path: ["metadata", "name"]] = "api"
        let answer = try await cluster.create(api, as: .deployments, dryRun: true)
        #expect(answer[path: ["metadata", "resourceVersion"]] == nil)
        #expect(!answer.uid.isEmpty && answer[path: ["metadata", "creationTimestamp"]] != nil && answer.generation == 1)
        #expect(answer[path: ["spec", "revisionHistoryLimit"]] == 10, "defaulted as a real create is")
        #expect(await ResourceVersions(of: cluster) == before)
        await #expect(throws: APIError.notFound(.deployments, "api")) { try await cluster.get(.deployments, namespace: "default", name: "api") }
    }

    @Test("a dry-run create is refused as the real one: a missing namespace, an existing name, an invalid field")
    func createRefused() async throws {
        let (cluster, _) = try await clusterWithWeb()
        var lost = Self.web()
        lost[path: ["metadata", "namespace"]] = "nowhere"
        await #expect(throws: APIError.notFound(.namespaces, "nowhere")) { try await cluster.create(lost, as: .deployments, dryRun: true) }
        await #expect(throws: APIError.alreadyExists(.deployments, "web")) { try await cluster.create(Self.web(), as: .deployments, dryRun: true) }
        var invalid = Self.web()
        invalid[path: ["metadata", "name"]] = "api"
        invalid[path: ["spec", "replicas"]] = -1
        let error = await #expect(throws: APIError.self) { try await cluster.create(invalid, as: .deployments, dryRun: true) }
        #expect(error?.code == 422)
    }

    @Test("a dry-run update answers the update at the current resourceVersion, generation bumped for a new spec, and stores nothing")
    func update() async throws {
        let (cluster, current) = try await clusterWithWeb()
        let before = await ResourceVersions(of: cluster)
        var changed = current
        changed[path: ["spec", "template", "spec", "containers"]] = [["name": "web", "image": "web:2"]]
        let answer = try await cluster.replace(changed, as: .deployments, dryRun: true)
        #expect(answer.resourceVersion == current.resourceVersion)
        #expect(answer.generation == current.generation + 1)
        #expect(answer[path: ["spec", "template", "spec", "containers"]]?.arrayValue?.first?["image"] == "web:2")
        #expect(await ResourceVersions(of: cluster) == before)
        #expect(try await cluster.get(.deployments, namespace: "default", name: "web") == current)

        var labelled = current
        labelled.labels["tier"] = "front"
        let relabelled = try await cluster.replace(labelled, as: .deployments, dryRun: true)
        #expect(relabelled.generation == current.generation, "metadata is not spec")
        #expect(relabelled.resourceVersion == current.resourceVersion)
    }

    @Test("a dry-run update with a stale resourceVersion is a 409 Conflict, as the real one")
    func staleUpdate() async throws {
        let (cluster, current) = try await clusterWithWeb()
        var stale = current
        stale[path: ["metadata", "resourceVersion"]] = "1"
        await #expect(throws: APIError.conflict(.deployments, "web")) { try await cluster.replace(stale, as: .deployments, dryRun: true) }
    }

    @Test("a dry-run delete answers the object as it is, and it stays")
    func delete() async throws {
        let (cluster, current) = try await clusterWithWeb()
        let before = await ResourceVersions(of: cluster)
        #expect(try await cluster.delete(.deployments, namespace: "default", name: "web", dryRun: true) == current)
        #expect(try await cluster.delete(.namespaces, namespace: nil, name: "default", dryRun: true).name == "default")
        #expect(await ResourceVersions(of: cluster) == before)
        await #expect(throws: APIError.notFound(.deployments, "api")) {
            try await cluster.delete(.deployments, namespace: "default", name: "api", dryRun: true)
        }
    }

    @Test("an update that changes nothing takes no resourceVersion")
    func noOpUpdate() async throws {
        let (cluster, current) = try await clusterWithWeb()
        let before = await ResourceVersions(of: cluster)
        #expect(try await cluster.replace(current, as: .deployments) == current)
        #expect(await ResourceVersions(of: cluster) == before)
    }

    // MARK: Through the API handler

    /// One write on the Deployment "web" (or a new "api"), sent with `dryRun=All`.
    struct Write: CustomTestStringConvertible, Sendable {
        let name: String
        let method: String
        let path: String
        let contentType: String
        let body: String
        let status: Int

        var testDescription: String { name }

        static let web = SandboxAPI.deployments + "/web"
        static let all: [Write] = [
            Write(name: "POST", method: "POST", path: SandboxAPI.deployments, contentType: "application/json",
                  body: SandboxAPI.deployment("api", #""replicas":2"#), status: 201),
            Write(name: "PUT", method: "PUT", path: web, contentType: "application/json",
                  body: SandboxAPI.deployment("web", #""replicas":3"#), status: 200),
            Write(name: "JSON merge patch", method: "PATCH", path: web, contentType: "application/merge-patch+json",
                  body: #"{"spec":{"replicas":3}}"#, status: 200),
            Write(name: "strategic merge patch", method: "PATCH", path: web, contentType: "application/strategic-merge-patch+json",
                  body: #"{"spec":{"template":{"spec":{"containers":[{"name":"web","image":"web:2"}]}}}}"#, status: 200),
            Write(name: "JSON patch", method: "PATCH", path: web, contentType: "application/json-patch+json",
                  body: #"[{"op":"replace","path":"/spec/replicas","value":3}]"#, status: 200),
            Write(name: "server-side apply", method: "PATCH", path: web, contentType: "application/apply-patch+yaml",
                  body: SandboxAPI.deployment("web", #""replicas":3"#), status: 200),
            Write(name: "server-side apply that creates", method: "PATCH", path: SandboxAPI.deployments + "/api",
                  contentType: "application/apply-patch+yaml", body: SandboxAPI.deployment("api", #""replicas":2"#), status: 201),
            Write(name: "DELETE", method: "DELETE", path: web, contentType: "application/json", body: "", status: 200),
            Write(name: "DELETE with DeleteOptions, as kubectl sends it", method: "DELETE", path: web, contentType: "application/json",
                  body: #"{"kind":"DeleteOptions","apiVersion":"v1","propagationPolicy":"Background","dryRun":["All"]}"#, status: 200),
            Write(name: "DELETE of the collection", method: "DELETE", path: SandboxAPI.deployments, contentType: "application/json",
                  body: "", status: 200),
            Write(name: "/scale merge patch", method: "PATCH", path: web + "/scale", contentType: "application/merge-patch+json",
                  body: #"{"spec":{"replicas":5}}"#, status: 200),
            Write(name: "/scale PUT", method: "PUT", path: web + "/scale", contentType: "application/json",
                  body: #"{"kind":"Scale","apiVersion":"autoscaling/v1","metadata":{"name":"web","namespace":"default"},"spec":{"replicas":5}}"#,
                  status: 200),
        ]
    }

    /// A handler over a cluster holding "web", and web as stored.
    private func apiWithWeb() async throws -> (SandboxAPI, JSON) {
        let api = SandboxAPI()
        let created = await api.send("POST", SandboxAPI.deployments, SandboxAPI.deployment("web", #""replicas":2"#))
        try #require(created.status == 201)
        return (api, try await api.cluster.get(.deployments, namespace: "default", name: "web"))
    }

    @Test("every write sent with dryRun=All answers as the real write and changes nothing", arguments: Write.all)
    func writeChangesNothing(_ write: Write) async throws {
        let (api, web) = try await apiWithWeb()
        let before = await ResourceVersions(of: api.cluster)
        let answer = await api.send(write.method, write.path, write.body, query: "dryRun=All&fieldManager=kubectl", contentType: write.contentType)
        #expect(answer.status == write.status, "\(answer.body)")
        let version = answer.body[path: ["metadata", "resourceVersion"]]
        if write.status == 201 {
            #expect(version == nil, "a dry-run create has no resourceVersion")
        } else if answer.body["items"] == nil {
            #expect(version == .string(web.resourceVersion ?? ""), "a dry-run update or delete keeps the current one")
        }
        #expect(await ResourceVersions(of: api.cluster) == before)
    }

    /// A request whose dryRun a real API server refuses, and the value as its message shows it.
    struct Refusal: CustomTestStringConvertible, Sendable {
        let method: String
        let query: String
        var deleteOptions = ""
        let options: String
        let shown: String

        var testDescription: String { "\(method) ?\(query) \(deleteOptions)" }

        static let all: [Refusal] = [
            Refusal(method: "POST", query: "dryRun=X", options: "CreateOptions", shown: #"[]string{"X"}"#),
            Refusal(method: "PUT", query: "dryRun=", options: "UpdateOptions", shown: #"[]string{""}"#),
            Refusal(method: "PATCH", query: "dryRun=All&dryRun=true", options: "PatchOptions", shown: #"[]string{"All", "true"}"#),
            Refusal(method: "DELETE", query: "dryRun=all", options: "DeleteOptions", shown: #"[]string{"all"}"#),
            Refusal(method: "DELETE", query: "dryRun=All", deleteOptions: #"{"kind":"DeleteOptions","dryRun":["Some \"one\""]}"#,
                    options: "DeleteOptions", shown: #"[]string{"Some \"one\""}"#),
        ]
    }

    @Test("a dryRun other than All is refused with 422 naming the options, as the API server's handlers refuse it",
          arguments: Refusal.all)
    func refused(_ refusal: Refusal) async throws {
        let (api, _) = try await apiWithWeb()
        let before = await ResourceVersions(of: api.cluster)
        let body = switch refusal.method {
        case "DELETE": refusal.deleteOptions
        case "POST": SandboxAPI.deployment("api", #""replicas":3"#)
        default: SandboxAPI.deployment("web", #""replicas":3"#)
        }
        let path = refusal.method == "POST" ? SandboxAPI.deployments : Write.web
        let contentType = refusal.method == "PATCH" ? "application/merge-patch+json" : "application/json"
        let answer = await api.send(refusal.method, path, body, query: refusal.query, contentType: contentType)
        #expect(answer.isInvalidStatus, "\(answer.body)")
        #expect(answer.message
            == #"\#(refusal.options).meta.k8s.io "" is invalid: dryRun: Unsupported value: \#(refusal.shown): supported values: "All""#)
        #expect(answer.body[path: ["details", "kind"]] == .string(refusal.options))
        #expect(answer.body[path: ["details", "causes"]]?.arrayValue?.first?["reason"] == "FieldValueNotSupported")
        #expect(await ResourceVersions(of: api.cluster) == before)
    }

    @Test("a DELETE's dryRun is read from its DeleteOptions body, and from the query only without one")
    func deleteOptionsBody() async throws {
        let (api, _) = try await apiWithWeb()
        let kept = await api.send("DELETE", Write.web, #"{"kind":"DeleteOptions","dryRun":["All"]}"#)
        #expect(kept.status == 200)
        #expect(await api.send("GET", Write.web).status == 200)
        // With a body, the query is not read (delete.go decodes one or the other): this one deletes.
        let deleted = await api.send("DELETE", Write.web, #"{"kind":"DeleteOptions"}"#, query: "dryRun=All")
        #expect(deleted.status == 200)
        #expect(await api.send("GET", Write.web).status == 404)
    }
}
