/// How the controllers read the numbers they compute with. Admission refuses counts outside
/// int32 (as Kubernetes' types do), but the controllers must not trap on any stored value: each
/// count is clamped into 0...Int32.max when read, so sums and products of a few of them stay far
/// from Int's limits, and a fraction computed from them converts without a trap.
enum Counts {
    static let range = 0...Int(Int32.max)

    static func clamped(_ value: Int) -> Int { min(max(value, range.lowerBound), range.upperBound) }

    /// A computed number (a percentage of a count) as a count; NaN counts as none.
    static func clamped(_ value: Double) -> Int {
        guard !value.isNaN else { return 0 }
        return Int(min(max(value, Double(range.lowerBound)), Double(range.upperBound)))
    }
}

extension JSON {
    /// The count at `path`, clamped as `Counts` says; `fallback` when absent or not an integer,
    /// as the API server's default would be.
    func count(at path: [String], default fallback: Int) -> Int {
        self[path: path]?.intValue.map(Counts.clamped) ?? fallback
    }
}

extension Int {
    /// One more, stopping at Int.max: revision numbers come from annotations anyone can edit.
    var saturatingSuccessor: Int { self == .max ? .max : self + 1 }
}
