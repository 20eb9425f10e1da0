import Foundation
import GitKit
import Testing

/// main: first -> second -> third (HEAD); feature branches off second; v1 (annotated) tags first,
/// v2-light (lightweight) tags second.
private func historyWithTagsAndBranches(in sandbox: GitSandbox) throws -> ScratchRepository {
    let repository = try sandbox.makeRepository()
    try repository.write("plans/app.yaml", "replicas: 1\n")
    try repository.commitAll("first")
    try repository.git("tag", "-a", "v1", "-m", "release 1")
    try repository.write("plans/app.yaml", "replicas: 2\n")
    try repository.commitAll("second")
    try repository.git("tag", "v2-light")
    try repository.git("branch", "feature")
    try repository.write("plans/app.yaml", "replicas: 3\n")
    try repository.commitAll("third\n\nwith a body that is not part of the summary")
    try repository.git("switch", "--quiet", "feature")
    try repository.write("plans/feature.yaml", "new: true\n")
    try repository.commitAll("feature work")
    try repository.git("switch", "--quiet", "main")
    return repository
}

@Suite("Resolving revisions")
struct RevisionTests {
    @Test("every revision form resolves to the sha that git rev-parse gives")
    func everyFormMatchesGit() throws {
        let sandbox = try GitSandbox()
        let scratch = try historyWithTagsAndBranches(in: sandbox)
        let repository = try scratch.open()
        let full = try scratch.revParse("HEAD~1")
        let forms = [full, String(full.prefix(8)), "v1", "v2-light", "main", "feature", "HEAD", "HEAD~2", "main^"]
        for revision in forms {
            let commit = try repository.resolveCommit(revision)
            #expect(commit.id == (try scratch.revParse(revision)), "revision \(revision)")
            #expect(commit.revision == revision)
        }
        // The tag object itself is not the commit: an annotated tag must be peeled.
        #expect(try scratch.git("rev-parse", "v1") != (try repository.resolveCommit("v1").id))
    }

    @Test("a commit carries its summary, author and author date")
    func commitMetadata() throws {
        let sandbox = try GitSandbox()
        let scratch = try historyWithTagsAndBranches(in: sandbox)
        let commit = try scratch.open().resolveCommit("main")
        #expect(commit.summary == "third")
        #expect(commit.author == GitIdentity(name: "Ada Tester", email: "ada@example.com"))
        let authorSeconds = try #require(TimeInterval(try scratch.git("log", "-1", "--format=%at", "main")))
        #expect(commit.time == Date(timeIntervalSince1970: authorSeconds))
        #expect(commit.label == "main (\(commit.id.prefix(7)))")
    }

    @Test("an unknown revision is an error that names it, without a shallow-clone hint")
    func unknownRevision() throws {
        let sandbox = try GitSandbox()
        let repository = try historyWithTagsAndBranches(in: sandbox).open()
        let error = try #require(throws: GitError.self) { try repository.resolveCommit("release-42") }
        guard case .unknownRevision("release-42", shallow: false, _) = error else {
            Issue.record("expected unknownRevision, got \(error)")
            return
        }
        #expect(error.description.contains("unknown revision 'release-42'"))
        #expect(error.hint == nil)
    }

    @Test("a revision naming a tree is refused as not a commit")
    func treeIsNotACommit() throws {
        let sandbox = try GitSandbox()
        let repository = try historyWithTagsAndBranches(in: sandbox).open()
        let error = try #require(throws: GitError.self) { try repository.resolveCommit("HEAD^{tree}") }
        guard case .notACommit("HEAD^{tree}", _) = error else {
            Issue.record("expected notACommit, got \(error)")
            return
        }
    }

    @Test("branchTip prefers the local branch and falls back to origin/<name>")
    func branchTip() throws {
        let sandbox = try GitSandbox()
        let origin = try historyWithTagsAndBranches(in: sandbox)
        let clone = try sandbox.clone(origin, as: "clone")
        let localMain = try clone.commitAll("only in the clone")
        let repository = try clone.open()

        let main = try repository.branchTip("main")
        #expect(main.id == localMain)
        #expect(main.revision == "main")

        // A clone has `feature` only as origin/feature.
        let feature = try repository.branchTip("feature")
        #expect(feature.id == (try origin.revParse("feature")))
        #expect(feature.revision == "origin/feature")

        #expect(throws: GitError.unknownBranch("nope")) { try repository.branchTip("nope") }
    }

    @Test("isAncestor follows parents, like git merge-base --is-ancestor")
    func ancestry() throws {
        let sandbox = try GitSandbox()
        let repository = try historyWithTagsAndBranches(in: sandbox).open()
        #expect(try repository.isAncestor("v1", of: "main"))
        #expect(try repository.isAncestor("v2-light", of: "feature"))
        #expect(try repository.isAncestor("main", of: "main"))
        #expect(try !repository.isAncestor("main", of: "v1"))
        #expect(try !repository.isAncestor("feature", of: "main"))
        #expect(try !repository.isAncestor("main", of: "feature"))
    }

    @Test("headCommit is nil before the first commit and HEAD's commit after")
    func headCommit() throws {
        let sandbox = try GitSandbox()
        let scratch = try sandbox.makeRepository()
        #expect(try scratch.open().headCommit() == nil)
        try scratch.write("a.txt", "a\n")
        let sha = try scratch.commitAll("first")
        #expect(try scratch.open().headCommit()?.id == sha)
    }
}
