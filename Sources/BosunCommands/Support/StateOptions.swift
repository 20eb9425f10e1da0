import ArgumentParser
import Foundation

/// Where Bosun keeps its runs: `--state-dir`, else `$BOSUN_STATE_DIR`, else `.bosun` in the current folder.
struct StateOptions: ParsableArguments {
    @Option(name: .customLong("state-dir"), help: ArgumentHelp("Folder for run journals (default: ./.bosun).", valueName: "dir"))
    var stateDirectory: String?

    var resolvedStateDirectory: String {
        let path = stateDirectory ?? ProcessInfo.processInfo.environment["BOSUN_STATE_DIR"] ?? ".bosun"
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The run folder shown by dry runs, where a real run's id would go.
    var dryRunDirectory: String { resolvedStateDirectory + "/runs/<run>" }
}
