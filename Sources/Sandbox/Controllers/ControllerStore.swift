import Foundation

/// The store as controllers use it: write only when something changed (a quiet cluster makes no
/// watch events), and find the objects a controller owns through ownerReferences.
extension ObjectStore {
    @discardableResult
    mutating func save(_ object: JSON, as type: ResourceType) -> Bool {
        guard let current = get(type, namespace: object.namespace, name: object.name), current != object else { return false }
        return (try? replace(object, as: type)) != nil
    }

    func owned(by owner: JSON, _ type: ResourceType) -> [JSON] {
        owned(by: owner.uid, type, namespace: owner.namespace)
    }
}

/// Pod facts controllers count by.
extension JSON {
    var isPodReady: Bool {
        (self[path: ["status", "conditions"]]?.arrayValue ?? []).contains {
            $0["type"] == "Ready" && $0["status"] == "True"
        }
    }

    var podPhase: String { self[path: ["status", "phase"]]?.stringValue ?? "" }

    var isPodFinished: Bool { podPhase == "Succeeded" || podPhase == "Failed" }

    /// `spec.replicas`, defaulting to 1 as the API server does.
    var specReplicas: Int { count(at: ["spec", "replicas"], default: 1) }

    /// A count this object's status reports (written by the controllers), 0 when absent.
    func statusCount(_ field: String) -> Int { count(at: ["status", field], default: 0) }
}

/// Random suffixes for generated names, from the alphabet Kubernetes uses (no vowels, no
/// look-alike digits).
enum NameSuffix {
    static let alphabet = Array("bcdfghjklmnpqrstvwxz2456789")

    static func random(length: Int = 5) -> String {
        String((0..<length).map { _ in alphabet.randomElement()! })
    }

    /// A stable short hash of a JSON value (FNV-1a over its canonical bytes), spelled in the same
    /// alphabet: the `pod-template-hash` and StatefulSet revision names.
    static func hash(_ value: JSON) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in value.encoded() {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        return String(String(hash).unicodeScalars.map { alphabet[Int($0.value) % alphabet.count] })
    }
}
