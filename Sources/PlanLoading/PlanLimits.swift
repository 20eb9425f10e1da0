import BosunBasics
import Foundation

/// The range a plan may give each of its durations and counts, checked where the value is
/// written: by the loader for a literal, by the compiler once a `${…}` in it is resolved.
///
/// Bosun sleeps for these durations, hands them to kubectl as `--timeout`, formats them and counts
/// attempts with them, and Swift traps on a conversion or a sum that overflows: a timeout of
/// 1e20 s or `retries: 9223372036854775807` crashed a run after its first child had started. Long
/// before those traps a value is a mistake, so past these bounds it is refused with the range.
public struct DurationBounds: Sendable {
    /// The field as messages name it (`timeout`, `check.interval`).
    package let field: String
    /// Seconds, both inclusive.
    public let least: Double
    public let most: Double
    /// The range as the hint states it.
    package let range: String

    /// Timeouts: zero would expire at once (and kubectl reads `--timeout=0` as "no timeout").
    static func timeout(_ field: String) -> DurationBounds {
        DurationBounds(field: field, least: 0.001, most: 7 * 24 * 3600, range: "from 1ms to 168h (7 days)")
    }

    public static let stepTimeout = timeout("timeout")
    package static let waitTimeout = timeout("wait.timeout")
    package static let rolloutTimeout = timeout("rollout.timeout")
    /// The pause between two attempts of a check: none at all is fine, days are not.
    public static let checkInterval = DurationBounds(field: "check.interval", least: 0, most: 3600, range: "from 0s to 1h")

    /// `text` in seconds, or what is wrong with it. The message quotes `shown` (by default the
    /// text itself): the compiler passes the text with its secrets masked, since a quote is cut
    /// short and a secret cut in two would no longer be found to mask.
    package func seconds(in text: String, shownAs shown: String? = nil) -> Result<Double, LimitProblem> {
        let quoted = shown ?? text
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = DurationSyntax.seconds(from: trimmed) {
            return (least...most).contains(seconds) ? .success(seconds) : .failure(outOfRange(quoted))
        }
        // A negative or infinite number is out of range rather than badly written (`-5s`, `1e400`).
        let magnitude = trimmed.hasPrefix("-") ? String(trimmed.dropFirst()) : trimmed
        let negative = trimmed.hasPrefix("-") && (Double(magnitude).map { !$0.isNaN } ?? (DurationSyntax.seconds(from: magnitude) != nil))
        if negative || Double(trimmed)?.isInfinite == true { return .failure(outOfRange(quoted)) }
        return .failure(LimitProblem(
            message: "'\(field)' is not a duration: '\(LimitProblem.shown(quoted))'",
            hint: "write a number with a unit: 300s, 5m, 1h30m, 250ms; '\(field)' is \(range)"))
    }

    private func outOfRange(_ text: String) -> LimitProblem {
        LimitProblem(message: "'\(field)' is out of range: '\(LimitProblem.shown(text))'", hint: "'\(field)' is \(range)")
    }
}

/// The range of a count (`retries`): a whole number from 0 to `most`.
public struct CountBounds: Sendable {
    package let field: String
    public let most: Int

    /// Each retry re-runs the whole step (with a backoff of up to 30 s).
    public static let stepRetries = CountBounds(field: "retries", most: 100)
    /// A check's attempts are one GET each, `interval` apart.
    public static let checkRetries = CountBounds(field: "check.retries", most: 1000)

    /// `text` as a count, or what is wrong with it.
    package func value(in text: String) -> Result<Int, LimitProblem> {
        let range = "'\(field)' is a whole number from 0 to \(most)"
        if let value = Int(text), (0...most).contains(value) { return .success(value) }
        // All digits but too big for an Int is as out of range as a large Int or a negative one.
        let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return .failure(LimitProblem(message: "'\(field)' must be a whole number ≥ 0, got '\(LimitProblem.shown(text))'", hint: range))
        }
        return .failure(LimitProblem(message: "'\(field)' is out of range: '\(LimitProblem.shown(text))'", hint: range))
    }
}

/// Why a duration or count is refused, before a location is known.
package struct LimitProblem: Error, Sendable, Equatable {
    package var message: String
    package var hint: String

    /// A value as a message quotes it: one from a variable may be a megabyte long.
    static func shown(_ text: String) -> String {
        text.count <= 64 ? text : String(text.prefix(60)) + "…"
    }
}
