import ChangePreview
import Foundation

/// `--format json`: the report as documented in docs/preview.md (schema `bosun.preview/v1`).
package enum ChangeJSONRenderer {
    package static func render(_ report: ChangeReport) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        // Every value is a string, number, bool or array of them: encoding cannot fail.
        let data = (try? encoder.encode(report)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
