import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A pseudo-terminal pair: the approval gate opens `device` (the terminal side) and the test
/// types answers on the other side, like a person at a keyboard.
final class PseudoTerminal: Sendable {
    let device: String
    private let controller: Int32

    init() throws {
        // posix_openpt and friends are not in Swift's Glibc module; these are the ioctls behind
        // them (TIOCSPTLCK to unlock, TIOCGPTN for the terminal's number), same on x86_64 and arm64.
        controller = open("/dev/ptmx", O_RDWR | O_NOCTTY)
        var unlock: Int32 = 0
        var number: UInt32 = 0
        guard controller >= 0, ioctl(controller, 0x4004_5431, &unlock) == 0,
              ioctl(controller, 0x8004_5430, &number) == 0 else { throw POSIXError(.ENOTTY) }
        device = "/dev/pts/\(number)"
    }

    /// Waits (without blocking a thread) until the terminal has printed `text`, at most 60 s (generous: a loaded CI machine is slow).
    func waitFor(_ text: String) async -> Bool {
        var seen = ""
        var buffer = [UInt8](repeating: 0, count: 256)
        let deadline = ContinuousClock.now + .seconds(60)
        while !seen.contains(text) && ContinuousClock.now < deadline {
            var request = pollfd(fd: controller, events: Int16(POLLIN), revents: 0)
            if poll(&request, 1, 0) > 0 {
                let count = read(controller, &buffer, buffer.count)
                guard count > 0 else { return false }
                seen += String(decoding: buffer[..<count], as: UTF8.self)
            } else {
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        return seen.contains(text)
    }

    func type(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { write(controller, $0.baseAddress, $0.count) }
    }

    func close() { _ = Glibc.close(controller) }
}
