import BosunBasics
import Foundation
import Testing

@Suite("one date format: ISO 8601, UTC, milliseconds")
struct ISODateTests {
    let date = Date(timeIntervalSince1970: 1_796_149_241.5539)

    @Test("written with milliseconds, cut not rounded, and read back")
    func roundTrip() {
        #expect(ISODate.text(date) == "2026-12-01T18:20:41.553Z")
        #expect(ISODate.date(from: "2026-12-01T18:20:41.553Z") == Date(timeIntervalSince1970: 1_796_149_241.553))
    }

    @Test("dates of older files, without a fraction, still read")
    func withoutFraction() {
        #expect(ISODate.date(from: "2026-12-01T18:20:41Z") == Date(timeIntervalSince1970: 1_796_149_241))
        #expect(ISODate.date(from: "yesterday") == nil)
    }

    @Test("JSONEncoder with the strategy keeps the milliseconds (show --json, runs --json)")
    func encoderKeepsMilliseconds() throws {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = ISODate.encodingStrategy
        #expect(String(decoding: try encoder.encode([date]), as: UTF8.self) == #"["2026-12-01T18:20:41.553Z"]"#)
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = ISODate.decodingStrategy
        #expect(try decoder.decode([Date].self, from: Data(#"["2026-12-01T18:20:41Z"]"#.utf8)) == [Date(timeIntervalSince1970: 1_796_149_241)])
    }
}
