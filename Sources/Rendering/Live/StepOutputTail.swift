/// The end of what one running step printed, kept for the block shown when it finishes: at most
/// `maxLines` lines and `maxBytes` bytes. Older lines are counted, not kept, so a step that prints
/// gigabytes costs a bounded amount of memory (its journal log has every line).
package struct StepOutputTail: Sendable {
    /// A line of the block: a command the step ran, a line it printed, or a note of Bosun's.
    package struct Entry: Sendable, Equatable {
        package enum Kind: Sendable, Equatable { case command, output, info, note }
        package var kind: Kind
        package var text: String

        package init(_ kind: Kind, _ text: String) {
            self.kind = kind
            self.text = text
        }
    }

    package let maxLines: Int
    package let maxBytes: Int
    /// Lines dropped from the front so far.
    package private(set) var dropped = 0
    private var storage: [Entry] = []
    /// Index of the first kept entry of `storage` (dropping moves it; compaction is amortized).
    private var head = 0
    private var bytes = 0

    package init(maxLines: Int, maxBytes: Int) {
        self.maxLines = max(1, maxLines)
        self.maxBytes = max(1, maxBytes)
    }

    package var entries: ArraySlice<Entry> { storage[head...] }

    package mutating func append(_ entry: Entry) {
        var entry = entry
        if entry.text.utf8.count > maxBytes { entry.text = Self.prefix(entry.text, bytes: maxBytes) + "…" }
        storage.append(entry)
        bytes += entry.text.utf8.count
        while storage.count - head > maxLines || (bytes > maxBytes && storage.count - head > 1) {
            bytes -= storage[head].text.utf8.count
            head += 1
            dropped += 1
        }
        if head > 64 && head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
    }

    /// The longest prefix of `text` of at most `bytes` UTF-8 bytes that ends on a character.
    private static func prefix(_ text: String, bytes: Int) -> String {
        var result = ""
        var count = 0
        for character in text {
            count += character.utf8.count
            if count > bytes { break }
            result.append(character)
        }
        return result
    }
}
