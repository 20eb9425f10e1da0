import BosunBasics
import Foundation

/// The JSON conventions of the journal: dates as ``ISODate``, sorted keys.
enum JournalJSON {
    static func encoder(pretty: Bool) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = ISODate.encodingStrategy
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = ISODate.decodingStrategy
        return decoder
    }

    static func read<Value: Decodable>(_ type: Value.Type, from url: URL) throws -> Value {
        try decoder().decode(type, from: Data(contentsOf: url))
    }
}
