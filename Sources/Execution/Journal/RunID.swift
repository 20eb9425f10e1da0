import Foundation

/// Run ids: `20261122-181530-3f9a` — UTC time first so that ids sort by start, then four random
/// hex digits so that two runs started in the same second still get their own folders.
public enum RunID {
    public static func make(at date: Date = Date()) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let stamp = [parts.year!, parts.month!, parts.day!].map(twoDigits).joined()
            + "-" + [parts.hour!, parts.minute!, parts.second!].map(twoDigits).joined()
        return stamp + "-" + String(UInt16.random(in: .min ... .max), radix: 16).leftPadded(to: 4)
    }

    /// Whether `text` can name a run folder: rejects paths such as `../x` before they reach the disk.
    static func isPlausible(_ text: String) -> Bool {
        !text.isEmpty && !text.hasPrefix(".") && !text.contains("/")
    }

    private static func twoDigits(_ number: Int) -> String { String(number).leftPadded(to: 2) }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
