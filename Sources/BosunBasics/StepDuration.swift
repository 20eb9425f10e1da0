import Foundation

/// Parses the durations plans use: `300s`, `5m`, `1h30m`, `250ms`, or a bare number of seconds.
package enum DurationSyntax {
    /// The duration in seconds, or nil when the text is not a duration.
    package static func seconds(from text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let plain = Double(trimmed), plain.isFinite, plain >= 0 { return plain }
        var total = 0.0
        var number = ""
        var unit = ""
        var sawComponent = false
        func flush() -> Bool {
            guard let value = Double(number), let scale = scales[unit] else { return false }
            total += value * scale
            number = ""
            unit = ""
            sawComponent = true
            return true
        }
        for character in trimmed {
            if character.isNumber || character == "." {
                if !unit.isEmpty { guard flush() else { return nil } }
                number.append(character)
            } else if character.isLetter {
                guard !number.isEmpty else { return nil }
                unit.append(character)
            } else {
                return nil
            }
        }
        guard !number.isEmpty, !unit.isEmpty, flush() else { return nil }
        return sawComponent && total.isFinite ? total : nil
    }

    /// Formats seconds the way users write them back (`90s` -> `1m30s`), for plan output.
    package static func format(seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        var remaining = Int(seconds.rounded())
        let hours = remaining / 3600
        remaining %= 3600
        let minutes = remaining / 60
        let secs = remaining % 60
        var text = ""
        if hours > 0 { text += "\(hours)h" }
        if minutes > 0 { text += "\(minutes)m" }
        if secs > 0 || text.isEmpty { text += "\(secs)s" }
        return text
    }

    private static let scales: [String: Double] = ["ms": 0.001, "s": 1, "m": 60, "h": 3600]
}

/// How long a step or run took, for people: `420ms`, `3.4s`, `2m5s`. The one formatter of elapsed
/// time, so that the live progress line and the run tables print a duration the same way.
package enum StepDuration {
    package static func text(_ seconds: Double) -> String {
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        return DurationSyntax.format(seconds: seconds)
    }

    /// `-` for a duration not known (a step that never ran, a run whose end was not recorded).
    package static func text(_ seconds: Double?) -> String {
        seconds.map(text) ?? "-"
    }
}
