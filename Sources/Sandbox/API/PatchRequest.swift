/// Chooses the patch algorithm by the request's content type, as the API server does.
enum PatchRequest {
    static func apply(_ patch: JSON, contentType: String, to current: JSON) throws(APIError) -> JSON {
        // Strategic first: its media type contains "merge-patch" too.
        if contentType.contains("strategic-merge-patch") || contentType.contains("apply-patch") {
            return StrategicMergePatch.apply(patch, to: current)
        }
        if contentType.contains("json-patch") { return try JSONPatch.apply(patch, to: current) }
        if contentType.contains("merge-patch") { return JSONMergePatch.apply(patch, to: current) }
        throw APIError(code: 415, reason: "UnsupportedMediaType", message: "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json")
    }
}
