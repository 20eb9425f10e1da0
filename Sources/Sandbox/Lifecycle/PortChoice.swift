import Foundation

/// Which port a new sandbox listens on: the one asked for; else the one the last sandbox of this
/// state folder used, so that URLs a user wrote down (a plan's `--set domain=…:PORT`, a browser
/// tab) keep working across restarts; else any free port.
package enum PortChoice {
    /// The port to pass to `sandbox serve` (0: any free one), or an error naming a port in use.
    package static func choose(requested: Int?, files: SandboxFiles) throws(SandboxControl.ControlError) -> Int {
        if let requested {
            guard requested == 0 || isFree(requested) else {
                throw SandboxControl.ControlError(
                    description: "port \(requested) on 127.0.0.1 is in use; choose another with --port, or --port 0 for any free one")
            }
            return requested
        }
        if let last = files.lastPort(), isFree(last) { return last }
        return 0
    }

    /// Whether a server could listen on 127.0.0.1:`port` now (with SO_REUSEADDR, as the server
    /// binds, so a port a stopped sandbox left in TIME_WAIT counts as free).
    static func isFree(_ port: Int) -> Bool {
        guard (1...65_535).contains(port) else { return false }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        return bound == 0
    }
}
