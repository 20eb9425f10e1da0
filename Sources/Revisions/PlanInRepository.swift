import BosunBasics
import Foundation
import GitKit

/// A plan file located in its git repository: the paths a checkout needs, relative to the root.
struct PlanInRepository {
    let repository: GitRepository
    /// The plan file, relative to the repository root.
    let planFile: String
    /// The plan's folder, relative to the root ("" when the plan is at the top).
    let planFolder: String

    /// Finds the repository that holds `planPath` (a path in the working tree).
    init(planPath: String) throws(GitError) {
        let absolute = URL(fileURLWithPath: planPath).standardizedFileURL.resolvingSymlinksInPath()
        repository = try GitRepository.open(discoveringFrom: absolute.deletingLastPathComponent().path)
        guard let workdir = repository.workdir else { throw .bareRepository(operation: "run a plan") }
        let root = URL(fileURLWithPath: workdir).standardizedFileURL.resolvingSymlinksInPath().path
        let relative = String(absolute.path.dropFirst(root.count)).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        planFile = relative
        planFolder = (relative as NSString).deletingLastPathComponent
    }

    /// Whether `path` (relative to the root) lies in the plan's folder, so that materializing the
    /// plan's folder wrote it too.
    func contains(_ path: String) -> Bool {
        planFolder.isEmpty || path == planFolder || path.hasPrefix(planFolder + "/")
    }

    /// The nearest `providers/` folder at or above the plan's folder in `commit`'s tree, the way
    /// ``Providers/ProviderCatalog`` finds it in a working tree.
    func providersFolder(at commit: GitCommit) throws(GitError) -> String? {
        var folder = planFolder
        while true {
            let candidate = folder.isEmpty ? "providers" : folder + "/providers"
            if try repository.folderExists(candidate, at: commit) { return candidate }
            if folder.isEmpty { return nil }
            folder = (folder as NSString).deletingLastPathComponent
        }
    }
}
