import Foundation

/// Compact JSON text of a JSONSerialization object, keys sorted and slashes unescaped: the
/// objects Bosun hands kubectl on standard input or in `-p` (manifests, patches).
package enum JSONText {
    package static func of(_ object: Any) -> String {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
            .map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
