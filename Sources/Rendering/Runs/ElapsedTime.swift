import BosunBasics

/// Durations of steps and runs for people: "420ms", "3.4s", "2m05s".
enum ElapsedTime {
    static func format(_ seconds: Double?) -> String {
        guard let seconds else { return "-" }
        if seconds < 1 { return "\(Int((seconds * 1000).rounded()))ms" }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        return DurationSyntax.format(seconds: seconds)
    }
}
