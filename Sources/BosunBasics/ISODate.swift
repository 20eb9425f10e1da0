import Foundation

/// The journal's timestamps, `2026-12-01T18:20:41.553Z` (UTC, milliseconds cut, not rounded):
/// the text `Date.ISO8601FormatStyle(includingFractionalSeconds: true)` gives, written by hand
/// because the journal stamps several events per step and the format style costs microseconds each.
enum JournalDate {
    static func text(_ date: Date) -> String {
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

    private static func pad(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
