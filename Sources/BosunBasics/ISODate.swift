import Foundation

/// Bosun's one date format, `2026-12-01T18:20:41.553Z`: ISO 8601, UTC, milliseconds cut (not
/// rounded). The journal, `--json` output and the tables for people all use it, so a date reads
/// the same everywhere and `show --json` keeps the milliseconds `run.json` has.
///
/// Written by hand: the text `Date.ISO8601FormatStyle(includingFractionalSeconds: true)` gives,
/// without its microseconds per call (the journal stamps several events per step).
package enum ISODate {
    package static func text(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        // A negative remainder belongs to the second before (dates before 1970).
        var whole = time_t(fraction < 0 ? seconds - 1 : seconds)
        let millis = fraction < 0 ? fraction + 1000 : fraction
        var parts = tm()
        gmtime_r(&whole, &parts)
        let year = Int(parts.tm_year) + 1900
        let fields = [(year, 4), (Int(parts.tm_mon) + 1, 2), (Int(parts.tm_mday), 2), (Int(parts.tm_hour), 2),
                      (Int(parts.tm_min), 2), (Int(parts.tm_sec), 2), (Int(millis), 3)]
        // A year of five digits (or before year 0) takes the format style's slower way.
        guard (0...9999).contains(year) else { return date.formatted(withMilliseconds) }
        // Digits straight into the string's storage: a tenth of what concatenating the parts cost.
        return String(unsafeUninitializedCapacity: 24) { buffer in
            let separators = Array("--T::.Z".utf8)
            var index = 0
            for (field, (number, width)) in fields.enumerated() {
                var rest = number
                for offset in stride(from: width - 1, through: 0, by: -1) {
                    buffer[index + offset] = UInt8(ascii: "0") + UInt8(rest % 10)
                    rest /= 10
                }
                index += width
                buffer[index] = separators[field]
                index += 1
            }
            return index
        }
    }

    /// The date `text` names: this format, or ISO 8601 without a fraction (files of older Bosun).
    package static func date(from text: String) -> Date? {
        (try? Date(text, strategy: withMilliseconds)) ?? (try? Date(text, strategy: .iso8601))
    }

    /// For `JSONEncoder`: dates as ``text(_:)``.
    package static let encodingStrategy = JSONEncoder.DateEncodingStrategy.custom { date, encoder in
        var container = encoder.singleValueContainer()
        try container.encode(text(date))
    }

    /// For `JSONDecoder`: dates as ``date(from:)`` reads them.
    package static let decodingStrategy = JSONDecoder.DateDecodingStrategy.custom { decoder in
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = date(from: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date: \(text)")
        }
        return date
    }

    private static let withMilliseconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
}
