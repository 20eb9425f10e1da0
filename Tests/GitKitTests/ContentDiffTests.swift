import Foundation
import GitKit
import Testing

@Suite("Comparing contents: a commit with another or with the working tree, and unified diffs")
struct ContentDiffTests {
    @Test("the working tree's changes since a commit include staged, unstaged and untracked files, not ignored ones")
    func workingTreeChanges() throws {
        let sandbox = try GitSandbox()
        let scratch = try sandbox.makeRepository()
        try scratch.write(".gitignore", "*.log\n")
        try scratch.write("plans/prod/app.yaml", "replicas: 1\n")
        try scratch.write("plans/prod/old.yaml", "old\n")
        try scratch.write("plans/staging/app.yaml", "staging\n")
        let first = try scratch.commitAll("first")
        try scratch.write("plans/prod/app.yaml", "replicas: 3\n")
        try scratch.commitAll("second")
        try scratch.write("plans/prod/app.yaml", "replicas: 2\n")
        try scratch.delete("plans/prod/old.yaml")
        try scratch.write("plans/prod/staged.yaml", "staged\n")
        try scratch.git("add", "plans/prod/staged.yaml")
        try scratch.write("plans/prod/sub/new.yaml", "untracked\n")
        try scratch.write("plans/prod/debug.log", "ignored\n")
        try scratch.write("plans/staging/app.yaml", "elsewhere\n")
        let repository = try scratch.open()

        let changes = try repository.changedContents(from: repository.resolveCommit(first), to: .workingTree, under: "plans/prod")
        #expect(changes.map(\.change) == [
            GitChange(path: "plans/prod/app.yaml", kind: .modified),
            GitChange(path: "plans/prod/old.yaml", kind: .deleted),
            GitChange(path: "plans/prod/staged.yaml", kind: .added),
            GitChange(path: "plans/prod/sub/new.yaml", kind: .added),
        ])
        #expect(changes[0].old == Data("replicas: 1\n".utf8), "compared with the commit asked for, not HEAD")
        #expect(changes[0].new == Data("replicas: 2\n".utf8), "as the file is on disk")
        #expect(changes[1].new == nil && changes[1].old == Data("old\n".utf8))
        #expect(changes[3].old == nil && changes[3].new == Data("untracked\n".utf8))
    }

    @Test("changed contents between two commits are the bytes git stores on each side")
    func commitContents() throws {
        let sandbox = try GitSandbox()
        let scratch = try sandbox.makeRepository()
        try scratch.write("k8s/app.yaml", "image: app:v1\n")
        let first = try scratch.commitAll("first")
        try scratch.write("k8s/app.yaml", "image: app:v2\n")
        try scratch.symlink("k8s/link.yaml", to: "app.yaml")
        let second = try scratch.commitAll("second")
        let repository = try scratch.open()

        let changes = try repository.changedContents(
            from: repository.resolveCommit(first), to: .commit(repository.resolveCommit(second)))
        #expect(changes.map(\.path) == ["k8s/app.yaml", "k8s/link.yaml"])
        #expect(changes[0].old == Data("image: app:v1\n".utf8) && changes[0].new == Data("image: app:v2\n".utf8))
        #expect(changes[1].new == Data("app.yaml".utf8), "a symlink's content is its target, as git stores it")
    }

    @Test("a unified diff has git's headers and three lines of context")
    func unifiedDiff() throws {
        let old = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
        let patch = try UnifiedDiff.patch(from: Data(old.utf8), to: Data(new.utf8), path: "k8s/app.yaml")
        #expect(patch == """
            diff --git a/k8s/app.yaml b/k8s/app.yaml
            --- a/k8s/app.yaml
            +++ b/k8s/app.yaml
            @@ -2,7 +2,7 @@ line 1
             line 2
             line 3
             line 4
            -line 5
            +line five
             line 6
             line 7
             line 8

            """)
        #expect(try UnifiedDiff.patch(from: Data(old.utf8), to: Data(old.utf8), path: "same.yaml").isEmpty)
    }

    @Test("a file that is created or removed is diffed against /dev/null, and an empty file is not a missing one")
    func addedAndRemoved() throws {
        let added = try UnifiedDiff.patch(from: nil, to: Data("a\n".utf8), path: "new.yaml")
        #expect(added.contains("--- /dev/null\n+++ b/new.yaml\n@@ -0,0 +1 @@\n+a\n"), "\(added)")
        let removed = try UnifiedDiff.patch(from: Data("a\n".utf8), to: nil, path: "old.yaml")
        #expect(removed.contains("--- a/old.yaml\n+++ /dev/null\n@@ -1 +0,0 @@\n-a\n"), "\(removed)")
        let emptied = try UnifiedDiff.patch(from: Data("a\n".utf8), to: Data(), path: "empty.yaml")
        #expect(emptied.contains("+++ b/empty.yaml"), "\(emptied)")
    }

    @Test("binary content is named, never printed, and no header names an object that is in no repository")
    func binary() throws {
        let patch = try UnifiedDiff.patch(from: Data([0, 1, 2]), to: Data([0, 1, 3]), path: "logo.png")
        #expect(patch == "diff --git a/logo.png b/logo.png\nBinary files a/logo.png and b/logo.png differ\n")
    }
}
