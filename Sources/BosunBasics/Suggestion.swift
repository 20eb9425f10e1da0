/// "Did you mean …?" hints for misspelt keys, ids and names.
package enum Suggestion {
    /// A hint naming the closest candidate, when one is close enough to be a likely typo.
    package static func didYouMean(_ word: String, among candidates: some Sequence<String>) -> String? {
        let limit = max(2, word.count / 3)
        let best = candidates
            .map { ($0, editDistance(word.lowercased(), $0.lowercased())) }
            .filter { $0.1 <= limit }
            .min { $0.1 < $1.1 }
        return best.map { "did you mean '\($0.0)'?" }
    }

    /// Levenshtein distance, two rows at a time.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
