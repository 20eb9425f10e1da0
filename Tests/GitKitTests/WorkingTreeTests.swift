import Foundation
import GitKit
import Testing

@Suite("Working-tree state")
struct WorkingTreeTests {
    @Test("modifiedFiles lists modified, deleted, staged and untracked files within the folder only")
    func modifiedFilesInFolder() throws {
        let sandbox = try GitSandbox()
        let scratch = try sandbox.makeRepository()
        try scratch.write(".gitignore", "*.log\n")
        try scratch.write("README.md", "readme\n")
        try scratch.write("plans/prod/app.yaml", "replicas: 1\n")
        try scratch.write("plans/prod/old.yaml", "old\n")
        try scratch.write("plans/staging/app.yaml", "staging\n")
        try scratch.commitAll("first")
        let repository = try scratch.open()
        #expect(try repository.modifiedFiles().isEmpty)

        try scratch.write("plans/prod/app.yaml", "replicas: 2\n")
        try scratch.delete("plans/prod/old.yaml")
        try scratch.write("plans/prod/staged.yaml", "staged\n")
        try scratch.git("add", "plans/prod/staged.yaml")
        try scratch.write("plans/prod/new.yaml", "untracked\n")
        try scratch.write("plans/prod/sub/deep.txt", "untracked in a new folder\n")
        try scratch.write("plans/prod/debug.log", "ignored\n")
        try scratch.write("plans/prod-old/x.yaml", "a sibling whose name starts like the folder\n")
        try scratch.write("plans/staging/app.yaml", "changed elsewhere\n")
        try scratch.write("README.md", "changed outside\n")

        #expect(try repository.modifiedFiles(under: "plans/prod") == [
            "plans/prod/app.yaml", "plans/prod/new.yaml", "plans/prod/old.yaml",
            "plans/prod/staged.yaml", "plans/prod/sub/deep.txt",
        ])
        #expect(try repository.modifiedFiles() == [
            "README.md", "plans/prod-old/x.yaml", "plans/prod/app.yaml", "plans/prod/new.yaml",
            "plans/prod/old.yaml", "plans/prod/staged.yaml", "plans/prod/sub/deep.txt",
            "plans/staging/app.yaml",
        ])
    }
}

@Suite("Comparing commits")
struct DiffTests {
    /// Two commits changing plans/prod (one file each modified, added, deleted) and files beside it.
    private func twoCommits(in sandbox: GitSandbox) throws -> (ScratchRepository, old: String, new: String) {
        let scratch = try sandbox.makeRepository()
        try scratch.write("plans/prod/app.yaml", "name: app\nreplicas: 1\n")
        try scratch.write("plans/prod/old.yaml", "old\n")
        try scratch.write("plans/prod-old/x.yaml", "x\n")
        try scratch.write("plans/staging/app.yaml", "replicas: 1\n")
        let old = try scratch.commitAll("first")
        try scratch.write("plans/prod/app.yaml", "name: app\nreplicas: 2\n")
        try scratch.delete("plans/prod/old.yaml")
        try scratch.write("plans/prod/checks/new.yaml", "new\n")
        try scratch.write("plans/prod-old/x.yaml", "y\n")
        try scratch.write("plans/staging/app.yaml", "replicas: 2\n")
        let new = try scratch.commitAll("second")
        return (scratch, old, new)
    }

    @Test("changedFiles lists added, modified and deleted files between two commits, within the folder")
    func changedFiles() throws {
        let sandbox = try GitSandbox()
        let (scratch, old, new) = try twoCommits(in: sandbox)
        let repository = try scratch.open()
        let from = try repository.resolveCommit(old), to = try repository.resolveCommit(new)

        #expect(try repository.changedFiles(from: from, to: to, under: "plans/prod") == [
            GitChange(path: "plans/prod/app.yaml", kind: .modified),
            GitChange(path: "plans/prod/checks/new.yaml", kind: .added),
            GitChange(path: "plans/prod/old.yaml", kind: .deleted),
        ])
        #expect(try repository.changedFiles(from: from, to: to).map(\.path) == [
            "plans/prod-old/x.yaml", "plans/prod/app.yaml", "plans/prod/checks/new.yaml",
            "plans/prod/old.yaml", "plans/staging/app.yaml",
        ])
        #expect(try repository.changedFiles(from: to, to: to).isEmpty)
    }

    @Test("diffText of a folder is the patch git diff prints for it")
    func diffTextMatchesGit() throws {
        let sandbox = try GitSandbox()
        let (scratch, old, new) = try twoCommits(in: sandbox)
        let repository = try scratch.open()

        let text = try repository.diffText(
            from: repository.resolveCommit(old), to: repository.resolveCommit(new), under: "plans/prod")

        #expect(text.contains("-replicas: 1\n+replicas: 2\n"))
        #expect(!text.contains("staging") && !text.contains("prod-old"))
        // The sandbox's git() drops the final newline of its output.
        #expect(text == (try scratch.git("diff", "--no-color", old, new, "--", "plans/prod")) + "\n")
    }
}
