import BosunBasics
import Foundation

/// Run ids: `20261122-181530-3f9a` — UTC time first so that ids sort by start, then four random
/// hex digits so that two runs started in the same second still get their own folders.
package enum RunID {
    package static func make(at date: Date = Date()) -> String {
        // From ISODate's `2026-11-22T18:15:30.123Z`, not a Calendar: a UTC calendar loads ICU's
        // time zones, half a millisecond of every `apply`'s start.
        let iso = ISODate.text(date).utf8
        let day = iso.prefix(10).filter { $0 != UInt8(ascii: "-") }
        let time = iso.dropFirst(11).prefix(8).filter { $0 != UInt8(ascii: ":") }
        let stamp = String(decoding: day, as: UTF8.self) + "-" + String(decoding: time, as: UTF8.self)
        return stamp + "-" + String(UInt16.random(in: .min ... .max), radix: 16).leftPadded(to: 4)
    }

    /// Whether `text` can name a run folder: rejects paths such as `../x` before they reach the disk.
    static func isPlausible(_ text: String) -> Bool {
        !text.isEmpty && !text.hasPrefix(".") && !text.contains("/")
    }

    /// Whether `text` can name a run in a path or an S3 key as it is: 1 to 128 letters, digits,
    /// `-`, `_` and `.`, not starting with `.` (so never `..`, never a path). Every id ``make(at:)``
    /// makes is one.
    package static func isSafe(_ text: String) -> Bool {
        (1...128).contains(text.utf8.count) && !text.hasPrefix(".")
            && text.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
            }
    }

}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
