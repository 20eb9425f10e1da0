import Foundation

/// Kubernetes' protobuf encoding for the few kinds whose typed `kubectl create` commands send it
/// (`create namespace`, `create configmap`, `create secret generic`, `create job --from=cronjob/…`):
/// the `k8s\0` envelope (runtime.Unknown), then the object's message by the field numbers of
/// Kubernetes' generated.proto. Of a Job only the metadata is read: `create job --from` copies the
/// CronJob's job template, which the server takes from the stored CronJob (``Admission``).
enum ProtobufObjects {
    static let magic = Data([0x6b, 0x38, 0x73, 0x00])

    struct Unsupported: Error {
        let kind: String
    }

    static func decode(_ data: Data) throws -> JSON {
        guard data.starts(with: magic) else { throw ProtobufReader.MalformedMessage() }
        var kind = ""
        var apiVersion = ""
        var raw = Data()
        for (number, value) in try ProtobufReader.fields(data.dropFirst(magic.count)) {
            switch (number, value) {
            case (1, .bytes(let typeMeta)):
                for (field, inner) in try ProtobufReader.fields(typeMeta) {
                    if field == 1 { apiVersion = string(inner) }
                    if field == 2 { kind = string(inner) }
                }
            case (2, .bytes(let bytes)): raw = bytes
            default: break
            }
        }
        var object: JSON = ["apiVersion": .string(apiVersion), "kind": .string(kind)]
        for (number, value) in try ProtobufReader.fields(raw) {
            switch (kind, number, value) {
            case (_, 1, .bytes(let meta)): object["metadata"] = try objectMeta(meta)
            case ("Namespace", _, _): break
            case ("ConfigMap", 2, .bytes(let entry)): try addEntry(entry, to: &object, "data", base64: false)
            case ("ConfigMap", 3, .bytes(let entry)): try addEntry(entry, to: &object, "binaryData", base64: true)
            case ("Secret", 2, .bytes(let entry)): try addEntry(entry, to: &object, "data", base64: true)
            case ("Secret", 4, .bytes(let entry)): try addEntry(entry, to: &object, "stringData", base64: false)
            case ("Secret", 3, _): object["type"] = .string(string(value))
            case ("ConfigMap", 4, .varint(let flag)), ("Secret", 5, .varint(let flag)): object["immutable"] = .bool(flag != 0)
            case ("ConfigMap", _, _), ("Secret", _, _): break
            case ("Job", _, _): break
            default: throw Unsupported(kind: kind)
            }
        }
        if kind == "Job" && !isCronJobInstance(object) { throw Unsupported(kind: "Job (other than `kubectl create job --from=cronjob/…`)") }
        if !["Namespace", "ConfigMap", "Secret", "Job"].contains(kind) { throw Unsupported(kind: kind) }
        return object
    }

    /// A Job that `kubectl create job --from=cronjob/NAME` made: owned by the CronJob, and marked
    /// as a manual instance of it.
    static func isCronJobInstance(_ job: JSON) -> Bool {
        job[path: ["metadata", "annotations", "cronjob.kubernetes.io/instantiate"]]?.stringValue == "manual"
            && cronJobOwner(job) != nil
    }

    /// The name of the CronJob that owns `job`, if one does.
    static func cronJobOwner(_ job: JSON) -> String? {
        (job[path: ["metadata", "ownerReferences"]]?.arrayValue ?? [])
            .first { $0["kind"]?.stringValue == "CronJob" }?["name"]?.stringValue
    }

    private static func objectMeta(_ data: Data) throws -> JSON {
        var meta = JSON.emptyObject
        for (number, value) in try ProtobufReader.fields(data) {
            switch (number, value) {
            case (1, _): meta["name"] = .string(string(value))
            case (2, _): meta["generateName"] = .string(string(value))
            case (3, _): meta["namespace"] = .string(string(value))
            case (11, .bytes(let entry)): try addEntry(entry, to: &meta, "labels", base64: false)
            case (12, .bytes(let entry)): try addEntry(entry, to: &meta, "annotations", base64: false)
            case (13, .bytes(let reference)):
                meta["ownerReferences"] = .array((meta["ownerReferences"]?.arrayValue ?? []) + [try ownerReference(reference)])
            default: break
            }
        }
        return meta
    }

    /// An OwnerReference: kind 1, name 3, uid 4, apiVersion 5, controller 6, blockOwnerDeletion 7.
    private static func ownerReference(_ data: Data) throws -> JSON {
        var reference = JSON.emptyObject
        for (number, value) in try ProtobufReader.fields(data) {
            switch (number, value) {
            case (1, _): reference["kind"] = .string(string(value))
            case (3, _): reference["name"] = .string(string(value))
            case (4, _): reference["uid"] = .string(string(value))
            case (5, _): reference["apiVersion"] = .string(string(value))
            case (6, .varint(let flag)): reference["controller"] = .bool(flag != 0)
            case (7, .varint(let flag)): reference["blockOwnerDeletion"] = .bool(flag != 0)
            default: break
            }
        }
        return reference
    }

    /// A map entry (key = 1, value = 2) added under `field`.
    private static func addEntry(_ entry: Data, to object: inout JSON, _ field: String, base64: Bool) throws {
        var key = ""
        var value = Data()
        for (number, part) in try ProtobufReader.fields(entry) {
            if number == 1 { key = string(part) }
            if number == 2, case .bytes(let bytes) = part { value = bytes }
        }
        let text = base64 ? value.base64EncodedString() : String(decoding: value, as: UTF8.self)
        object[path: [field, key]] = .string(text)
    }

    private static func string(_ value: ProtobufReader.Value) -> String {
        if case .bytes(let bytes) = value { return String(decoding: bytes, as: UTF8.self) }
        return ""
    }
}
