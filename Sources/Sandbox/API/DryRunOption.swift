/// The `dryRun` option of a write, read and checked as the API server's handlers do (create.go,
/// update.go, patch.go, delete.go in k8s.io/apiserver): a list whose every value must be `All`
/// (metav1 `validation.ValidateDryRun`). Anything else is refused before the object is looked at,
/// `dryRun=` too: Go reads it as `[""]`, which is not `All`.
enum DryRunOption {
    /// Whether `request` asks for a dry run; false for verbs that write nothing.
    static func isRequested(by request: APIRequest) throws(APIError) -> Bool {
        guard let optionsKind = optionsKind[request.method] else { return false }
        guard let values = values(in: request) else { return false }
        guard values.allSatisfy({ $0 == "All" }) else { throw refusal(of: values, optionsKind: optionsKind) }
        return !values.isEmpty
    }

    /// The options type each verb's query (or DELETE body) decodes into, which the 422 names.
    private static let optionsKind = ["POST": "CreateOptions", "PUT": "UpdateOptions", "PATCH": "PatchOptions", "DELETE": "DeleteOptions"]

    /// A DELETE with a body takes its options from the body alone, as kubectl sends them
    /// (`{"kind":"DeleteOptions","dryRun":["All"]}`); the handler reads the query only without one.
    private static func values(in request: APIRequest) -> [String]? {
        guard request.method == "DELETE", !request.body.isEmpty, let options = try? JSON.parse(request.body),
              options.objectValue != nil else { return request.queryValues["dryRun"] }
        guard let dryRun = options["dryRun"], dryRun != .null else { return nil }
        // Not a list of strings: refused all the same, showing what was sent.
        return dryRun.arrayValue?.map { $0.stringValue ?? $0.encodedString } ?? [dryRun.encodedString]
    }

    /// The 422 of `errors.NewInvalid` over `field.NotSupported`, whose value Go prints with `%#v`:
    /// `CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"X"}: supported values: "All"`.
    private static func refusal(of values: [String], optionsKind: String) -> APIError {
        let cause = "Unsupported value: []string{\(values.map(goQuoted).joined(separator: ", "))}: supported values: \"All\""
        return APIError(
            code: 422, reason: "Invalid", message: "\(optionsKind).meta.k8s.io \"\" is invalid: dryRun: \(cause)",
            details: ["group": "meta.k8s.io", "kind": .string(optionsKind),
                      "causes": [["reason": "FieldValueNotSupported", "message": .string(cause), "field": "dryRun"]]])
    }

    /// A string as Go's `%q` writes it: in double quotes, with quotes, backslashes and control
    /// characters escaped.
    private static func goQuoted(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case "\u{07}": quoted += "\\a"
            case "\u{08}": quoted += "\\b"
            case "\u{0B}": quoted += "\\v"
            case "\u{0C}": quoted += "\\f"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                quoted += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}
