import BosunBasics
import Foundation

/// JSON for machines (CI): stable key order, dates as ISODate writes them (with milliseconds, as run.json has them).
enum JSONOutput {
    static func encode(_ value: some Encodable) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = ISODate.encodingStrategy
        return try encoder.encode(value)
    }
}
