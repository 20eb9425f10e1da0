import Foundation

/// Quotes a word for *display* in POSIX-shell style. Bosun never runs a shell; this exists so
/// that printed commands can be copied into a terminal and mean exactly the argv that runs.
package enum ShellQuoting {
    package static func quote(_ word: String) -> String {
        if word.isEmpty { return "''" }
        let safe = word.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                || "-_./=:,@%+".unicodeScalars.contains(scalar))
        }
        if safe { return word }
        return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
