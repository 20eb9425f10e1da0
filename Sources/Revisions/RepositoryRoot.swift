import Foundation
import GitKit

/// The top folder of the git working tree that holds a path, found the way git finds it.
package enum RepositoryRoot {
    /// The working tree's root for `path` (a file or folder), nil when it is in no repository
    /// (or only in a bare one).
    package static func containing(_ path: String) -> String? {
        var folder = URL(fileURLWithPath: path).standardizedFileURL
        var isFolder: ObjCBool = false
        if !FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) || !isFolder.boolValue {
            folder.deleteLastPathComponent()
        }
        guard let repository = try? GitRepository.open(discoveringFrom: folder.path), let workdir = repository.workdir else {
            return nil
        }
        return URL(fileURLWithPath: workdir).standardizedFileURL.path
    }
}
