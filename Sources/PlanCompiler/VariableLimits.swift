/// How large resolved variables may grow, and how lists of variables are shown in messages.
///
/// A value that uses another twice doubles with each such variable: thirty of them reached 5 GB
/// and aborted. One value (a variable, a step's field, a manifest's line) holds at most a MiB;
/// everything substituted for `${…}` in one compile adds up to at most 64 MiB, so a MiB value
/// used in ten thousand steps is refused too.
enum VariableLimits {
    static let valueBytes = 1 << 20
    static let shownValueBytes = "1 MiB"
    static let expandedBytes = 64 << 20
    static let shownExpandedBytes = "64 MiB"

    static let valueHint = "a resolved value holds at most \(shownValueBytes) (\(valueBytes) bytes); "
        + "a value that uses another twice doubles with each variable built that way"

    /// At most `shown` names, then how many more: a hint listing 100,000 variables helps no one.
    static func list(_ names: [String], shown: Int = 20) -> String {
        guard names.count > shown else { return names.joined(separator: ", ") }
        return names.prefix(shown).joined(separator: ", ") + " and \(names.count - shown) more"
    }

    /// A loop of variables as `a -> b -> c -> a`; a long one keeps its start and its end.
    static func loop(_ names: [String], shown: Int = 12) -> String {
        guard names.count > shown else { return names.joined(separator: " -> ") }
        let head = names.prefix(shown - 3).joined(separator: " -> ")
        let tail = names.suffix(3).joined(separator: " -> ")
        return "\(head) -> … \(names.count - shown) more … -> \(tail)"
    }
}
