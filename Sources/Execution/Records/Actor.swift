import BosunBasics
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Who did something and from where, as records, the cluster lock and approvals name them:
/// the login name and the machine, with the process when it was a run.
package struct Actor: Sendable, Hashable, Codable {
    package var user: String
    package var host: String
    package var pid: Int32?

    package init(user: String, host: String, pid: Int32? = nil) {
        self.user = user
        self.host = host
        self.pid = pid
    }

    /// This process's user and machine.
    package static func current(withProcess: Bool = true) -> Actor {
        Actor(user: ProcessEnvironment.value("USER").flatMap { $0.isEmpty ? nil : $0 } ?? accountName ?? "uid \(getuid())",
              host: ProcessInfo.processInfo.hostName, pid: withProcess ? getpid() : nil)
    }

    /// The login name of this process's user (CI containers often run without `$USER`).
    private static var accountName: String? {
        guard let entry = getpwuid(getuid()), let name = entry.pointee.pw_name else { return nil }
        return String(cString: name)
    }

    /// `alice@ci-runner-7`.
    package var text: String { "\(user)@\(host)" }
}
