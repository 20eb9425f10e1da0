import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Blocking y/N question on a terminal device. Polls instead of blocking in `read` so that a
/// cancelled run stops waiting within a fraction of a second.
enum TerminalQuestion {
    static func canOpen(_ device: String) -> Bool {
        let descriptor = open(device, O_RDWR | O_NOCTTY)
        guard descriptor >= 0 else { return false }
        close(descriptor)
        return true
    }

    /// True when the person typed `y` or `yes`; false for anything else, no terminal, or cancellation.
    static func ask(_ question: String, on device: String, isCancelled: () -> Bool) -> Bool {
        let descriptor = open(device, O_RDWR | O_NOCTTY)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        send(question, to: descriptor)
        guard let line = readLine(from: descriptor, isCancelled: isCancelled) else {
            send("\n", to: descriptor)
            return false
        }
        let answer = line.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        return answer == "y" || answer == "yes"
    }

    private static func readLine(from descriptor: Int32, isCancelled: () -> Bool) -> String? {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 256)
        while !isCancelled() {
            var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&request, 1, 200)
            if ready < 0 && errno != EINTR { return nil }
            guard ready > 0 else { continue }
            let count = read(descriptor, &chunk, chunk.count)
            guard count > 0 else { return nil }
            bytes.append(contentsOf: chunk[..<count])
            if bytes.contains(UInt8(ascii: "\n")) { return String(decoding: bytes, as: UTF8.self) }
        }
        return nil
    }

    private static func send(_ text: String, to descriptor: Int32) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
    }
}
