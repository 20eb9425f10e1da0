import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// The files of a run's folder that leave the machine (uploaded to S3, downloaded by `bosun show`):
/// `run.json`, `events.jsonl`, `plan.json` and the step logs in `logs/`, all of them masked as they
/// were written. Nothing else in a run folder is ever shared: `workspace/` (a revision's files),
/// `kubeconfig` and the Terraform plan files hold credentials and secrets in the clear.
package enum SharedJournalFiles {
    static let topLevel = ["run.json", "events.jsonl", "plan.json"]
    static let logsFolder = "logs"

    /// The shared files present in `runDirectory`, as paths relative to it: regular files only,
    /// never what a symlink points to.
    static func list(in runDirectory: String) -> [String] {
        let logs = (try? FileManager.default.contentsOfDirectory(atPath: runDirectory + "/" + logsFolder)) ?? []
        let candidates = topLevel + logs.sorted().map { logsFolder + "/" + $0 }
        return candidates.filter { isShared($0) && isRegularFile(runDirectory + "/" + $0) }
    }

    /// Whether `relativePath` names a shared file: one of the top-level three, or a file directly
    /// in `logs/` whose name does not start with `.` (step log names never do).
    static func isShared(_ relativePath: String) -> Bool {
        if topLevel.contains(relativePath) { return true }
        let parts = relativePath.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[0] == logsFolder && !parts[1].isEmpty && !parts[1].hasPrefix(".")
    }

    /// `aws s3 cp --recursive` filters that copy these files and nothing else out of a run folder
    /// in S3: the aws CLI matches them against the whole key (`*` crosses `/`), so what is deeper
    /// in `logs/` (`logs/../../x`) and dot-names (`logs/..`) are excluded again after `logs/*`.
    static let copyFilters: [String] =
        ["--exclude", "*"] + topLevel.flatMap { ["--include", $0] }
            + ["--include", logsFolder + "/*", "--exclude", logsFolder + "/*/*", "--exclude", logsFolder + "/.*"]

    private static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }
}
