import Foundation

/// An HTTP request as the API layer needs it, free of the HTTP library's types.
package struct APIRequest: Sendable {
    package let method: String
    package let path: String
    package let query: [String: String]
    /// Every value of each query parameter, in order: options such as `dryRun` are lists, and
    /// `dryRun=All&dryRun=X` must be refused as a whole.
    let queryValues: [String: [String]]
    package let contentType: String
    package let accept: String
    package let body: Data

    package init(method: String, path: String, query: String?, contentType: String?, accept: String?, body: Data) {
        self.method = method.uppercased()
        self.path = path
        let pairs = Self.pairs(query ?? "")
        self.query = Dictionary(pairs, uniquingKeysWith: { _, last in last })
        self.queryValues = Dictionary(grouping: pairs, by: \.0).mapValues { $0.map(\.1) }
        self.contentType = contentType ?? "application/json"
        self.accept = accept ?? "application/json"
        self.body = body
    }

    /// `a=1&b=x%3Dy+z` → [("a", "1"), ("b", "x=y z")] (Go's url.Values encoding: `+` is a space).
    static func pairs(_ query: String) -> [(String, String)] {
        query.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            return (parts[0], parts.count > 1 ? parts[1] : "")
        }
    }

    var isWatch: Bool { ["true", "1"].contains(query["watch"] ?? "") }

    /// The body as JSON; server-side apply sends YAML (of which JSON is a subset).
    func bodyJSON() throws(APIError) -> JSON {
        if contentType.contains("protobuf") {
            do {
                return try ProtobufObjects.decode(body)
            } catch let error as ProtobufObjects.Unsupported {
                throw APIError(code: 415, reason: "UnsupportedMediaType",
                               message: "the sandbox reads protobuf only for namespaces, configmaps and secrets, not \(error.kind); use kubectl apply -f")
            } catch {
                throw .badRequest("the request body is not valid protobuf")
            }
        }
        if let json = try? JSON.parse(body) { return json }
        if contentType.contains("yaml"), let yaml = try? YAMLBody.parse(body) { return yaml }
        throw .badRequest("the request body is not valid JSON")
    }
}

/// What the API layer answers.
package enum APIResponse: Sendable {
    case json(status: Int, JSON)
    case text(status: Int, String)
    /// A watch: JSON frames, one per line, streamed as they come.
    case watch(AsyncStream<JSON>)

    static func error(_ error: APIError) -> APIResponse { .json(status: error.code, error.status) }
}
