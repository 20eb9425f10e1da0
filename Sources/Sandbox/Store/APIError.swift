/// A failed API call, answered as a Kubernetes `Status` object so kubectl prints
/// `Error from server (NotFound): deployments.apps "web" not found`.
package struct APIError: Error, Sendable, Equatable {
    package let code: Int
    package let reason: String
    package let message: String
    /// The `details` of the Status (which fields were refused), when there are any.
    package let details: JSON?

    init(code: Int, reason: String, message: String, details: JSON? = nil) {
        self.code = code
        self.reason = reason
        self.message = message
        self.details = details
    }

    package static func notFound(_ type: ResourceType, _ name: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "\(type.qualifiedName) \"\(name)\" not found")
    }

    package static func alreadyExists(_ type: ResourceType, _ name: String) -> APIError {
        APIError(code: 409, reason: "AlreadyExists", message: "\(type.qualifiedName) \"\(name)\" already exists")
    }

    package static func conflict(_ type: ResourceType, _ name: String) -> APIError {
        APIError(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(type.qualifiedName) \"\(name)\": the object has been modified; please apply your changes to the latest version and try again")
    }

    /// 422 without a kind: what the API server answers to a JSON patch whose `test` failed.
    static func unprocessable(_ message: String) -> APIError {
        APIError(code: 422, reason: "Invalid", message: message)
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    package static func invalid(_ type: ResourceType, _ name: String, _ detail: String) -> APIError {
        APIError(code: 422, reason: "Invalid", message: "\(type.qualifiedKind) \"\(name)\" is invalid: \(detail)")
    }

    /// The 422 a real API server answers when validation refuses fields:
    /// `Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0`,
    /// several errors in brackets, each also a `cause` in the details.
    static func invalid(kind: String, group: String, _ name: String, _ errors: [FieldError]) -> APIError {
        let lines = errors.map(\.description)
        let listed = lines.count == 1 ? lines[0] : "[\(lines.joined(separator: ", "))]"
        let qualifiedKind = group.isEmpty ? kind : "\(kind).\(group)"
        let causes = errors.map { error -> JSON in
            ["reason": "FieldValueInvalid", "message": .string(error.causeMessage), "field": .string(error.field)]
        }
        return APIError(code: 422, reason: "Invalid", message: "\(qualifiedKind) \"\(name)\" is invalid: \(listed)",
                        details: ["name": .string(name), "group": .string(group), "kind": .string(kind.lowercased()),
                                  "causes": .array(causes)])
    }

    /// The `Status` body of this error.
    package var status: JSON {
        var status: JSON = [
            "kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Failure",
            "message": .string(message), "reason": .string(reason), "code": .int(code),
        ]
        status["details"] = details
        return status
    }
}
