/// What a commit is compared with: another commit, or the working tree as it is on disk.
package enum DiffTarget {
    case commit(GitCommit)
    /// The files on disk: staged and unstaged changes, and untracked files (ignored ones are
    /// left out, as `git status` leaves them out).
    case workingTree
}
