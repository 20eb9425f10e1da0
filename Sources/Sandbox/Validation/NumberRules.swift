/// The checks Kubernetes puts on numeric fields, for a value read from an untyped object. The
/// typed API server refuses what does not fit its Go field (int32, int64) before validation even
/// runs; the sandbox stores JSON as sent, so it checks both here, in the words validation uses.
enum NumberRules {
    /// int32 fields that count things or seconds (replicas, completions, minReadySeconds…).
    static let count = 0...Int(Int32.max)
    /// int64 fields with any sign (terminationGracePeriodSeconds).
    static let int64 = Int.min...Int.max
    /// Port numbers.
    static let port = 1...65_535

    static let percentMessage =
        "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"

    /// Why `value` is not an integer within `bounds`, or nil when it is (or is absent: the API
    /// server defaults a missing or null number).
    static func integer(_ value: JSON?, in bounds: ClosedRange<Int>) -> String? {
        switch value {
        case nil, .null?: return nil
        case .int(let number)?: return outside(bounds, number)
        case .double(let number)? where number.isFinite && number == number.rounded():
            // Integral, but maybe beyond Int (and so beyond int64): past the bound on its side.
            guard let exact = Int(exactly: number) else { return number < 0 ? below(bounds) : above(bounds) }
            return outside(bounds, exact)
        default: return "must be an integer"
        }
    }

    /// Why `value` is not an IntOrString that validation accepts as a count or percentage
    /// (maxSurge, maxUnavailable), or nil. `atMost100Percent` for fields that may not exceed 100%.
    static func integerOrPercent(_ value: JSON?, atMost100Percent: Bool) -> String? {
        switch value {
        case nil, .null?, .int?, .double?: return integer(value, in: count)
        case .string(let text)?:
            let digits = text.dropLast()
            guard text.hasSuffix("%"), !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { return percentMessage }
            let percent = Int(digits)
            if atMost100Percent, (percent ?? .max) > 100 { return "must not be greater than 100%" }
            if (percent ?? .max) > count.upperBound { return "must be less than or equal to \(count.upperBound)%" }
            return nil
        default: return "must be an integer or percentage (e.g '5%')"
        }
    }

    private static func outside(_ bounds: ClosedRange<Int>, _ number: Int) -> String? {
        if bounds.contains(number) { return nil }
        return number < bounds.lowerBound ? below(bounds) : above(bounds)
    }

    /// Kubernetes says "must be greater than or equal to 0" for counts, where the upper bound is
    /// only the Go type's, and "must be between 1 and 65535, inclusive" for real ranges.
    private static func isRange(_ bounds: ClosedRange<Int>) -> Bool { bounds.lowerBound != 0 && bounds.lowerBound != Int.min }

    private static func below(_ bounds: ClosedRange<Int>) -> String {
        isRange(bounds) ? "must be between \(bounds.lowerBound) and \(bounds.upperBound), inclusive"
            : "must be greater than or equal to \(bounds.lowerBound)"
    }

    private static func above(_ bounds: ClosedRange<Int>) -> String {
        isRange(bounds) ? "must be between \(bounds.lowerBound) and \(bounds.upperBound), inclusive"
            : "must be less than or equal to \(bounds.upperBound)"
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
