import BosunBasics
import Foundation
import Testing

/// The writer must produce what JSONEncoder produces (sorted keys, unescaped slashes), byte for
/// byte, so that replacing one with the other changes no document a user or a script reads.
@Suite struct JSONWriterTests {
    struct Sample: Encodable {
        var args: [String]
        var empty: [String] = []
        var env: [String: String]
        var nested: [[String]]
        var none: [String: String] = [:]
        var ratio: Double
        var retries: Int
        var skipped: String?
        var text: String
        var whole: Double
        var yes: Bool
    }

    let sample = Sample(
        args: ["kubectl", "--kubeconfig", "/tmp/run/kube config", "-n", "a/b"], env: ["B": "2", "A": "1"],
        nested: [["x"], []], ratio: 0.25, retries: -3, text: "quote \" back \\ tab \t nl \n cr \r bell \u{7} é ✓ \u{2028}",
        whole: 300, yes: true)

    func written(pretty: Bool) -> String {
        var writer = JSONWriter(pretty: pretty)
        writer.object { json in
            json.field("args", sample.args)
            json.field("empty", sample.empty)
            json.field("env", sample.env)
            json.field("nested") { json in json.array { json in for row in sample.nested { json.array(row) } } }
            json.field("none", sample.none)
            json.field("ratio", sample.ratio)
            json.field("retries", sample.retries)
            json.field("skipped", sample.skipped)
            json.field("text", sample.text)
            json.field("whole", sample.whole)
            json.field("yes", sample.yes)
        }
        return writer.text
    }

    func encoded(pretty: Bool) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(sample), as: UTF8.self)
    }

    @Test func prettyMatchesJSONEncoder() throws {
        #expect(written(pretty: true) == (try encoded(pretty: true)))
    }

    @Test func compactMatchesJSONEncoder() throws {
        #expect(written(pretty: false) == (try encoded(pretty: false)))
    }

    @Test func everyControlCharacterIsEscapedAndReadsBack() throws {
        let all = String((0..<0x20).map { Character(Unicode.Scalar(UInt8($0))) })
        var writer = JSONWriter(pretty: false)
        writer.array([all])
        #expect(!writer.bytes.contains { $0 < 0x20 })
        let back = try JSONDecoder().decode([String].self, from: Data(writer.bytes))
        #expect(back == [all])
    }
}
