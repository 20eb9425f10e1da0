#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// One variable of this process's environment. `ProcessInfo.processInfo.environment` builds a
/// dictionary of every variable each time it is read (about 20 µs here); a lookup of the one
/// variable wanted is a scan of `environ`.
package enum ProcessEnvironment {
    package static func value(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }
}
