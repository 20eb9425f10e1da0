#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// `write(2)` until every byte is written: one call may take only part of a buffer (a pipe, a
/// file near a size limit) or be interrupted by a signal.
package enum FullWrite {
    /// Writes all of `bytes` to `descriptor`; 0, or the errno of the call that failed. A
    /// descriptor someone made non-blocking (a terminal shared with a child) is waited on.
    package static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32 {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EAGAIN {
                    var entry = pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&entry, 1, 1000)
                    continue
                }
                return errno
            }
            offset += written
        }
        return 0
    }

    package static func write(_ bytes: [UInt8], to descriptor: Int32) -> Int32 {
        bytes.withUnsafeBytes { write($0, to: descriptor) }
    }
}
