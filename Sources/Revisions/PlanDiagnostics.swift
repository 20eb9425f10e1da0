import BosunBasics
import GitKit

/// Runs work on a plan's repository and turns whatever it throws into one located diagnostic:
/// libgit2's message with its hint, a diagnostic as it is, anything else as text.
func diagnosingGit<Result>(at location: SourceLocation, _ body: () throws -> Result) throws(DiagnosticError) -> Result {
    do {
        return try body()
    } catch let error as DiagnosticError {
        throw error
    } catch let error as GitError {
        throw DiagnosticError(.error(error.message, at: location, hint: error.hint))
    } catch {
        throw DiagnosticError(.error("\(error)", at: location))
    }
}

extension PlanInRepository {
    /// `revision` as a commit that holds the plan file and that `policy` accepts for its
    /// environment (a protected one takes only commits on its branch).
    func acceptedCommit(_ revision: String, policy: SourcePolicy, request: SourceRequest, planPath: String) throws -> GitCommit {
        let commit = try repository.resolveCommit(revision)
        guard try repository.fileExists(planFile, at: commit) else {
            throw DiagnosticError(.error(
                "plan file '\(planFile)' does not exist at \(commit.label)", at: .file(planPath),
                hint: "was it added after that revision? `git log --oneline -- \(planFile)` lists its commits"))
        }
        try policy.checkMerged(commit, in: repository, request: request, location: .file(planPath))
        return commit
    }
}
