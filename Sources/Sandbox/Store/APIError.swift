/// A failed API call, answered as a Kubernetes `Status` object so kubectl prints
/// `Error from server (NotFound): deployments.apps "web" not found`.
public struct APIError: Error, Sendable, Equatable {
    public let code: Int
    public let reason: String
    public let message: String

    public init(code: Int, reason: String, message: String) {
        self.code = code
        self.reason = reason
        self.message = message
    }

    public static func notFound(_ type: ResourceType, _ name: String) -> APIError {
        APIError(code: 404, reason: "NotFound", message: "\(type.qualifiedName) \"\(name)\" not found")
    }

    public static func alreadyExists(_ type: ResourceType, _ name: String) -> APIError {
        APIError(code: 409, reason: "AlreadyExists", message: "\(type.qualifiedName) \"\(name)\" already exists")
    }

    public static func conflict(_ type: ResourceType, _ name: String) -> APIError {
        APIError(
            code: 409, reason: "Conflict",
            message: "Operation cannot be fulfilled on \(type.qualifiedName) \"\(name)\": the object has been modified; please apply your changes to the latest version and try again")
    }

    public static func badRequest(_ message: String) -> APIError {
        APIError(code: 400, reason: "BadRequest", message: message)
    }

    public static func invalid(_ type: ResourceType, _ name: String, _ detail: String) -> APIError {
        APIError(code: 422, reason: "Invalid", message: "\(type.kind) \"\(name)\" is invalid: \(detail)")
    }

    /// The `Status` body of this error.
    public var status: JSON {
        [
            "kind": "Status", "apiVersion": "v1", "metadata": .emptyObject, "status": "Failure",
            "message": .string(message), "reason": .string(reason), "code": .int(code),
        ]
    }
}
