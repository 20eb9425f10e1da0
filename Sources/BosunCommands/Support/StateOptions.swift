import ArgumentParser
import BosunBasics
import Foundation
import Revisions

/// Where Bosun keeps its runs: `--state-dir`, else `$BOSUN_STATE_DIR`, else `.bosun/` at the root
/// of the git repository that holds the plan (the plan's own folder when it is in none), so that
/// every run of a repository's plans lands in one place whichever folder Bosun is started from.
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state-dir"), help: ArgumentHelp(
        "Folder for run journals (default: $BOSUN_STATE_DIR, else .bosun/ at the root of the plan's git repository).",
        valueName: "dir"))
    var stateDirectory: String?

    /// The state folder of a command that reads `plan`.
    func directory(forPlan plan: String) -> String {
        let planFolder = URL(fileURLWithPath: plan).standardizedFileURL.deletingLastPathComponent().path
        return resolved(default: RepositoryRoot.containing(planFolder) ?? planFolder)
    }

    /// The state folder of a command without a plan (`runs`, `show`, the sandbox): that of the
    /// repository the current folder is in, else the current folder's.
    var resolvedStateDirectory: String {
        let here = FileManager.default.currentDirectoryPath
        return resolved(default: RepositoryRoot.containing(here) ?? here)
    }

    /// The run folder shown by dry runs of `plan`, where a real run's id would go.
    func dryRunDirectory(forPlan plan: String) -> String { directory(forPlan: plan) + "/runs/<run>" }

    private func resolved(default folder: String) -> String {
        let explicit = stateDirectory ?? ProcessEnvironment.value("BOSUN_STATE_DIR").flatMap { $0.isEmpty ? nil : $0 }
        let path = explicit ?? folder + "/.bosun"
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
