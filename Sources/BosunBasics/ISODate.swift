import Foundation

/// Bosun's one date format, `2026-12-01T18:20:41.553Z`: ISO 8601, UTC, milliseconds cut (not
/// rounded). The journal, `--json` output and the tables for people all use it, so a date reads
/// the same everywhere and `show --json` keeps the milliseconds `run.json` has.
///
/// Written by hand: the text `Date.ISO8601FormatStyle(includingFractionalSeconds: true)` gives,
/// without its microseconds per call (the journal stamps several events per step).
public enum ISODate {
    public static func text(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        // A negative remainder belongs to the second before (dates before 1970).
        var whole = time_t(fraction < 0 ? seconds - 1 : seconds)
        let millis = fraction < 0 ? fraction + 1000 : fraction
        var parts = tm()
        gmtime_r(&whole, &parts)
        return pad(Int(parts.tm_year) + 1900, 4) + "-" + pad(Int(parts.tm_mon) + 1, 2) + "-" + pad(Int(parts.tm_mday), 2)
            + "T" + pad(Int(parts.tm_hour), 2) + ":" + pad(Int(parts.tm_min), 2) + ":" + pad(Int(parts.tm_sec), 2)
            + "." + pad(Int(millis), 3) + "Z"
    }

    /// The date `text` names: this format, or ISO 8601 without a fraction (files of older Bosun).
    public static func date(from text: String) -> Date? {
        (try? Date(text, strategy: withMilliseconds)) ?? (try? Date(text, strategy: .iso8601))
    }

    /// For `JSONEncoder`: dates as ``text(_:)``.
    public static let encodingStrategy = JSONEncoder.DateEncodingStrategy.custom { date, encoder in
        var container = encoder.singleValueContainer()
        try container.encode(text(date))
    }

    /// For `JSONDecoder`: dates as ``date(from:)`` reads them.
    public static let decodingStrategy = JSONDecoder.DateDecodingStrategy.custom { decoder in
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = date(from: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 date: \(text)")
        }
        return date
    }

    private static let withMilliseconds = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private static func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
