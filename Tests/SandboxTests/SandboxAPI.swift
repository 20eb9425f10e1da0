import Foundation
@testable import Sandbox

/// The sandbox's API handler over a fresh cluster, driven with raw request bodies as kubectl or
/// curl sends them (raw, so numbers like 2^63 reach the server spelled as the client wrote them).
struct SandboxAPI {
    let cluster = Cluster(settings: SimulationSettings(readyDelay: 1))
    var handler: APIHandler { APIHandler(cluster: cluster, serverAddress: "127.0.0.1") }

    struct Answer {
        let status: Int
        let body: JSON
    }

    func send(_ method: String, _ path: String, _ body: String = "", query: String? = nil,
              contentType: String = "application/json") async -> Answer {
        let request = APIRequest(method: method, path: path, query: query, contentType: contentType, accept: "application/json",
                                 body: Data(body.utf8))
        switch await handler.handle(request) {
        case .json(let status, let json): return Answer(status: status, body: json)
        case .text(let status, let text): return Answer(status: status, body: .string(text))
        case .watch: return Answer(status: 0, body: .null)
        }
    }

    static let deployments = "/apis/apps/v1/namespaces/default/deployments"
    static let statefulSets = "/apis/apps/v1/namespaces/default/statefulsets"
    static let jobs = "/apis/batch/v1/namespaces/default/jobs"

    /// A Deployment manifest whose `spec` members after the selector and template are `extraSpec`
    /// (raw JSON text, e.g. `"replicas": 2`).
    static func deployment(_ name: String = "web", _ extraSpec: String) -> String {
        #"{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"\#(name)"},"spec":{"selector":{"matchLabels":{"app":"\#(name)"}},"template":{"metadata":{"labels":{"app":"\#(name)"}},"spec":{"containers":[{"name":"\#(name)","image":"\#(name):1"}]}},\#(extraSpec)}}"#
    }

    static func statefulSet(_ name: String = "db", _ extraSpec: String) -> String {
        #"{"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"\#(name)"},"spec":{"selector":{"matchLabels":{"app":"\#(name)"}},"template":{"metadata":{"labels":{"app":"\#(name)"}},"spec":{"containers":[{"name":"\#(name)","image":"\#(name):1"}]}},\#(extraSpec)}}"#
    }

    static func job(_ name: String = "migrate", _ extraSpec: String) -> String {
        #"{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"\#(name)"},"spec":{"template":{"spec":{"restartPolicy":"Never","containers":[{"name":"m","image":"migrate:1"}]}},\#(extraSpec)}}"#
    }
}

extension SandboxAPI.Answer {
    var message: String { body["message"]?.stringValue ?? "" }

    /// Whether this is the 422 `Status` a real API server answers for an invalid field.
    var isInvalidStatus: Bool {
        status == 422 && body["kind"] == "Status" && body["status"] == "Failure" && body["reason"] == "Invalid"
            && body["code"] == 422
    }
}
