#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces secret values with `***` in anything Bosun prints or writes: logs, the journal,
/// plans shown on screen. Values come from variables marked `secret: true` and from `${env:NAME}`.
///
/// What is masked, besides each secret as it is:
/// - each line of a multi-line secret (a key file, a JSON credential), because output is read
///   and masked line by line: a program printing the secret prints it as several lines. A line is
///   masked wherever it appears, without the whitespace around it (output may indent it), when it
///   is at least ``minimumLength`` characters long; shorter lines (`}`, `==`) would mask unrelated
///   text everywhere and give away next to nothing, so they are left alone.
/// - the form a secret takes inside a shell-quoted word (`'` written `'\''`), because commands are
///   displayed quoted (``ShellQuoting``) before they are masked.
///
/// Matching is on UTF-8 bytes, longest secret first, so that a secret containing another is
/// masked whole.
package struct Redactor: Sendable {
    package static let mask = "***"
    /// Shorter values would mask unrelated text everywhere (a secret "1" in every duration), so
    /// they are not allowed as secrets (the compiler says so).
    package static let minimumLength = 4

    /// What is masked, as UTF-8, longest first.
    private let patterns: [[UInt8]]

    package init(secrets: some Sequence<String>) {
        var texts = Set<String>()
        for secret in secrets where secret.count >= Self.minimumLength {
            texts.insert(secret)
            guard secret.contains(where: \.isNewline) else { continue }
            for line in secret.split(whereSeparator: \.isNewline) {
                guard let first = line.firstIndex(where: { !$0.isWhitespace }),
                      let last = line.lastIndex(where: { !$0.isWhitespace }) else { continue }
                if line[first...last].count >= Self.minimumLength { texts.insert(String(line[first...last])) }
            }
        }
        for text in texts where text.contains("'") {
            texts.insert(String(ShellQuoting.quote(text).dropFirst().dropLast()))
        }
        patterns = texts.map { Array($0.utf8) }.sorted { $0.count > $1.count }
    }

    package var isEmpty: Bool { patterns.isEmpty }

    package func redact(_ text: String) -> String {
        guard !patterns.isEmpty else { return text }
        var text = text
        return text.withUTF8 { bytes in
            guard patterns.contains(where: { bytes.firstOccurrence(of: $0, from: 0) != nil }) else { return nil }
            return String(decoding: masked(bytes), as: UTF8.self)
        } ?? text
    }

    /// `bytes` with every occurrence masked, longest patterns first; an occurrence overlapping
    /// one already masked is left (its bytes are masked, or it is not a match any more).
    private func masked(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var found: [Range<Int>] = []
        for pattern in patterns {
            var position = 0
            while let start = bytes.firstOccurrence(of: pattern, from: position) {
                let range = start..<(start + pattern.count)
                if found.contains(where: { $0.overlaps(range) }) {
                    position = start + 1
                } else {
                    found.append(range)
                    position = range.upperBound
                }
            }
        }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var position = 0
        for range in found.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            output.append(contentsOf: bytes[position..<range.lowerBound])
            output.append(contentsOf: Self.mask.utf8)
            position = range.upperBound
        }
        output.append(contentsOf: bytes[position...])
        return output
    }

    /// Where the end of `text` could be the beginning of a secret that goes on in text still to
    /// come: the start of the longest end of `text` that is the start (not the whole) of something
    /// masked; `text.endIndex` when there is none. What is before it can be shown at once, once
    /// masked; what is after it must wait for the rest (the next piece of a cut output line).
    package func startOfUnfinishedSecret(in text: String) -> String.Index {
        let bytes = Array(text.utf8)
        var longest = 0
        for pattern in patterns {
            for length in stride(from: min(pattern.count - 1, bytes.count), to: longest, by: -1)
            where bytes[(bytes.count - length)...].elementsEqual(pattern[..<length]) {
                longest = length
                break
            }
        }
        // A pattern begins with a whole character, so this is a character boundary.
        return text.utf8.index(text.utf8.endIndex, offsetBy: -longest)
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Every output line is searched for every secret, so the common case (no secret there)
    /// must cost little: memchr finds each candidate first byte, memcmp checks the rest.
    fileprivate func firstOccurrence(of pattern: [UInt8], from position: Int) -> Int? {
        guard let base = baseAddress, count >= pattern.count else { return nil }
        let last = count - pattern.count  // the last position a match can start at
        var position = position
        return pattern.withUnsafeBytes { needle in
            while position <= last {
                guard let found = memchr(base + position, Int32(pattern[0]), last - position + 1) else { return nil }
                let start = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if memcmp(base + start, needle.baseAddress!, pattern.count) == 0 { return start }
                position = start + 1
            }
            return nil
        }
    }
}
