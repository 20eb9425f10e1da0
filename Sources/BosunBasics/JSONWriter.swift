/// Writes JSON text in one pass, straight into a byte buffer, in the layout Foundation's
/// `JSONEncoder` gives with `.sortedKeys` and `.withoutEscapingSlashes` (and `.prettyPrinted` when
/// asked), so documents read the same either way.
///
/// It exists for the hot paths: the journal writes a line per event of every step, and
/// `bosun plan --format json` a document of every step's commands. Measured on 10,000 steps,
/// `JSONEncoder`'s reflection through `Encodable` cost more than compiling the plan.
///
/// Keys are written in the order given, and callers give them sorted (checked in debug builds).
package struct JSONWriter {
    package private(set) var bytes: [UInt8] = []
    private let pretty: Bool
    /// For each open object or array: whether it has a member yet.
    private var open: [Bool] = []
    #if DEBUG
    /// For each open container, the last key written (to check their order).
    private var lastKeys: [String?] = []
    #endif

    package init(pretty: Bool, reservingCapacity capacity: Int = 256) {
        self.pretty = pretty
        bytes.reserveCapacity(capacity)
    }

    package var text: String { String(decoding: bytes, as: UTF8.self) }

    // MARK: Containers

    /// An object whose members `body` writes with the `field` methods.
    package mutating func object(_ body: (inout JSONWriter) -> Void) {
        container(open: UInt8(ascii: "{"), close: UInt8(ascii: "}"), body)
    }

    /// An array whose elements `body` writes with the `value` methods.
    package mutating func array(_ body: (inout JSONWriter) -> Void) {
        container(open: UInt8(ascii: "["), close: UInt8(ascii: "]"), body)
    }

    package mutating func array(_ strings: [String]) {
        array { writer in for string in strings { writer.value(string) } }
    }

    // MARK: Values (an array's elements, or the document itself)

    package mutating func value(_ string: String) {
        startElement()
        writeString(string)
    }

    package mutating func value(_ number: Int) {
        startElement()
        writeASCII(String(number))
    }

    package mutating func value(_ number: Double) {
        startElement()
        writeASCII(Self.format(number))
    }

    package mutating func value(_ flag: Bool) {
        startElement()
        writeASCII(flag ? "true" : "false")
    }

    package mutating func null() {
        startElement()
        writeASCII("null")
    }

    // MARK: Object members (an absent optional writes no member, as JSONEncoder does)

    package mutating func field(_ key: String, _ string: String?) {
        guard let string else { return }
        startField(key)
        writeString(string)
    }

    package mutating func field(_ key: String, _ number: Int?) {
        guard let number else { return }
        startField(key)
        writeASCII(String(number))
    }

    package mutating func field(_ key: String, _ number: Double?) {
        guard let number else { return }
        startField(key)
        writeASCII(Self.format(number))
    }

    package mutating func field(_ key: String, _ flag: Bool?) {
        guard let flag else { return }
        startField(key)
        writeASCII(flag ? "true" : "false")
    }

    package mutating func field(_ key: String, _ strings: [String]?) {
        guard let strings else { return }
        startField(key)
        array(strings)
    }

    /// A member whose value `body` writes with one `value`, `object` or `array` call.
    package mutating func field(_ key: String, _ body: (inout JSONWriter) -> Void) {
        startField(key)
        body(&self)
    }

    /// A string-to-string map, keys sorted.
    package mutating func field(_ key: String, _ map: [String: String]?) {
        guard let map else { return }
        startField(key)
        object { writer in
            for name in map.keys.sorted() { writer.field(name, map[name]) }
        }
    }

    // MARK: Layout

    private mutating func container(open opener: UInt8, close closer: UInt8, _ body: (inout JSONWriter) -> Void) {
        if !startedByField { startElement() }
        startedByField = false
        bytes.append(opener)
        open.append(false)
        #if DEBUG
        lastKeys.append(nil)
        defer { lastKeys.removeLast() }
        #endif
        body(&self)
        let hadMember = open.removeLast()
        if pretty {
            // JSONEncoder prints an empty container as its opener, a blank line and its closer.
            if !hadMember { bytes.append(UInt8(ascii: "\n")) }
            newline(indent: open.count)
        }
        bytes.append(closer)
    }

    /// Set between a key and its container value, which then needs no separator of its own.
    private var startedByField = false

    private mutating func startElement() {
        guard !open.isEmpty else { return }
        if startedByField {
            startedByField = false
            return
        }
        separate()
    }

    private mutating func startField(_ key: String) {
        assert(!open.isEmpty, "a field outside an object")
        #if DEBUG
        assert(lastKeys[lastKeys.count - 1].map { $0 < key } ?? true, "keys out of order: \(key)")
        lastKeys[lastKeys.count - 1] = key
        #endif
        separate()
        writeString(key)
        writeASCII(pretty ? " : " : ":")
        startedByField = true
    }

    private mutating func separate() {
        if open[open.count - 1] { bytes.append(UInt8(ascii: ",")) }
        open[open.count - 1] = true
        if pretty { newline(indent: open.count) }
    }

    /// A line break, then `indent` levels of two spaces.
    private mutating func newline(indent: Int) {
        bytes.append(UInt8(ascii: "\n"))
        for _ in 0..<(indent * 2) { bytes.append(UInt8(ascii: " ")) }
    }

    // MARK: Scalars

    private mutating func writeASCII(_ text: String) {
        startedByField = false
        bytes.append(contentsOf: text.utf8)
    }

    private mutating func writeString(_ string: String) {
        startedByField = false
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case UInt8(ascii: "\n"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case UInt8(ascii: "\r"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case UInt8(ascii: "\t"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(Self.hexDigits[Int(byte >> 4)])
                bytes.append(Self.hexDigits[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Whole numbers without a fraction (`300`, as JSONEncoder writes them), others as Swift
    /// prints them (`0.1`, `1e+21`).
    static func format(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return "\(number)"
    }
}
