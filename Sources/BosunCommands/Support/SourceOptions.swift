import ArgumentParser
import Revisions

/// Where the plan's files come from: `--rev`, the environment's pin, or the working tree.
struct SourceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Use the plan and its files as they are at this git revision (sha, tag, branch, HEAD~2).", valueName: "rev"))
    var rev: String?

    @Flag(help: "Use the working tree even when the environment is pinned (refused for protected environments).")
    var workingTree = false

    @Flag(help: "Accept a revision that is not reachable from a protected environment's branch.")
    var allowUnmerged = false

    var request: SourceRequest { SourceRequest(revision: rev, workingTree: workingTree, allowUnmerged: allowUnmerged) }
}
