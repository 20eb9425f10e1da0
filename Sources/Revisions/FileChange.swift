/// A file of the plan's folder that differs between the two sides of `bosun diff`, with its
/// unified diff (secrets masked) and the steps that read it.
package struct FileChange: Sendable, Hashable, Codable {
    package enum Kind: String, Sendable, Codable { case added, modified, deleted }

    /// Relative to the plan's folder, as steps name their files.
    package var path: String
    /// Relative to the repository root, as the patch's headers name it.
    package var repositoryPath: String
    package var kind: Kind
    /// The patch `git diff` would print, made from the two versions with every secret value
    /// masked first. Empty when only masked text differs; "Binary files … differ" for binaries.
    package var patch: String
    /// The steps that read the file, before or after; empty when none does.
    package var readBy: [String]
    /// True for the plan file itself: its changes are the steps' changes.
    package var isPlan: Bool

    init(path: String, repositoryPath: String, kind: Kind, patch: String, readBy: [String] = [], isPlan: Bool = false) {
        self.path = path
        self.repositoryPath = repositoryPath
        self.kind = kind
        self.patch = patch
        self.readBy = readBy
        self.isPlan = isPlan
    }
}
