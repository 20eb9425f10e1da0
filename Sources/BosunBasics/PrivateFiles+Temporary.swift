import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

extension PrivateFiles {
    /// A new, empty folder only its owner may enter (`mkdtemp` makes it 0700) in the system's
    /// temporary folder (`$TMPDIR`), for what may hold credentials or journals (a run's kubeconfig, kubectl's output,
    /// journals on their way to or from S3). The caller removes it.
    package static func temporaryFolder(prefix: String) throws -> String {
        let parent = FileManager.default.temporaryDirectory.standardizedFileURL.path
        var template = Array((parent + "/" + prefix + "-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        guard let made else { throw POSIXError(errno, path: parent) }
        return String(cString: made)
    }
}
