/// The name a step's files take on disk: its log, its Terraform plan file, its kustomize overlay.
///
/// Injective, so that no two steps share a file: letters, digits, `-`, `_` and `.` stay as they
/// are and every other byte becomes `%XX` (so `a/b` is `a%2Fb` and `a__b` stays `a__b`; a leading
/// `.` is escaped too, so no name is `.` or `..`). Bounded, so that a long id never meets the
/// file system's 255-byte limit: past 120 bytes the name is its first 80 and a hash of the whole
/// id after `~`, a character no short name contains.
package enum StepFileName {
    static let maxLength = 120

    package static func of(_ stepID: String) -> String {
        var name = ""
        for byte in stepID.utf8 {
            let plain = (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || (byte == UInt8(ascii: ".") && !name.isEmpty)
            if plain {
                name.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                name += "%" + hex(byte)
            }
        }
        guard name.utf8.count > maxLength else { return name }
        return String(name.utf8.prefix(80))! + "~" + String(fnv1a(stepID), radix: 16)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]])
    }

    /// FNV-1a, 64 bits: two long ids collide only with the same first 80 bytes and the same
    /// 64-bit hash; no cryptographic library is needed in the plan model for that.
    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
