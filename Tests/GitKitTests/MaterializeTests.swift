import Foundation
import GitKit
import Testing

/// What is on disk below `folder`: each path with "dir", "file", "exec" or "link -> target".
private func listing(of folder: String) throws -> [String: String] {
    let files = FileManager.default
    var result: [String: String] = [:]
    for path in try files.subpathsOfDirectory(atPath: folder) {
        let full = folder + "/" + path
        let attributes = try files.attributesOfItem(atPath: full)
        let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        result[path] = switch attributes[.type] as? FileAttributeType {
        case .typeDirectory: "dir"
        case .typeSymbolicLink: "link -> " + (try files.destinationOfSymbolicLink(atPath: full))
        default: permissions & 0o111 != 0 ? "exec" : "file"
        }
    }
    return result
}

private func text(_ path: String) throws -> String {
    String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
}

@Suite("Materializing a folder")
struct MaterializeTests {
    @Test("writes exactly the folder's files at that commit, with content and executable bit")
    func writesTheFolder() throws {
        let sandbox = try GitSandbox()
        let scratch = try sandbox.makeRepository()
        try scratch.write("README.md", "outside the folder\n")
        try scratch.write("plans/staging/app.yaml", "sibling folder\n")
        try scratch.write("plans/prod/app.yaml", "replicas: 1\n")
        try scratch.write("plans/prod/scripts/deploy.sh", "#!/bin/sh\necho deploy\n", executable: true)
        try scratch.write("plans/prod/nested/deeper/notes.txt", "deep\n")
        try scratch.symlink("plans/prod/current.yaml", to: "app.yaml")
        try scratch.commitAll("first")
        try scratch.write("plans/prod/app.yaml", "replicas: 2\n")
        try scratch.write("plans/prod/later.yaml", "added later\n")
        try scratch.commitAll("second")
        let repository = try scratch.open()
        let destination = sandbox.root + "/out/prod"

        try repository.materialize(folder: "plans/prod", at: repository.resolveCommit("HEAD~1"), into: destination)

        #expect(try listing(of: destination) == [
            "app.yaml": "file",
            "current.yaml": "link -> app.yaml",
            "nested": "dir",
            "nested/deeper": "dir",
            "nested/deeper/notes.txt": "file",
            "scripts": "dir",
            "scripts/deploy.sh": "exec",
        ])
        #expect(try text(destination + "/app.yaml") == "replicas: 1\n")
        #expect(try text(destination + "/scripts/deploy.sh") == "#!/bin/sh\necho deploy\n")
        #expect(try text(destination + "/nested/deeper/notes.txt") == "deep\n")
    }

    @Test("a symlink whose target leaves the folder is refused and nothing is written", arguments: [
        "../staging/app.yaml", "/etc/passwd", "nested/../../../README.md",
    ])
    func refusesEscapingSymlink(target: String) throws {
        let sandbox = try GitSandbox()
        let scratch = try sandbox.makeRepository()
        try scratch.write("plans/staging/app.yaml", "staging\n")
        try scratch.write("plans/prod/app.yaml", "replicas: 1\n")
        try scratch.write("plans/prod/nested/x.txt", "x\n")
        try scratch.symlink("plans/prod/escape", to: target)
        let sha = try scratch.commitAll("escape")
        let repository = try scratch.open()
        let destination = sandbox.root + "/out"

        let error = try #require(throws: GitError.self) {
            try repository.materialize(
                folder: "plans/prod", at: repository.resolveCommit("main"), into: destination)
        }
        let at = "main (\(sha.prefix(7)))"
        #expect(error == .unsafeSymlink(path: "plans/prod/escape", target: target, at: at))
        #expect(!FileManager.default.fileExists(atPath: destination))
    }

    @Test("a chain of symlinks that only climbs out once followed is refused")
    func refusesChainedEscape() throws {
        let sandbox = try GitSandbox()
        let scratch = try sandbox.makeRepository()
        try scratch.write("plans/prod/a/b/file.txt", "x\n")
        try scratch.symlink("plans/prod/a/b/up", to: "..")
        // Read as text, a/b/up/../.. is plans/prod/a; followed, `up` is a, so it ends above prod.
        try scratch.symlink("plans/prod/sneaky", to: "a/b/up/../..")
        try scratch.commitAll("chain")
        let repository = try scratch.open()

        let error = try #require(throws: GitError.self) {
            try repository.materialize(
                folder: "plans/prod", at: repository.resolveCommit("main"), into: sandbox.root + "/out")
        }
        guard case .unsafeSymlink(path: "plans/prod/sneaky", _, _) = error else {
            Issue.record("expected unsafeSymlink for plans/prod/sneaky, got \(error)")
            return
        }
    }

    @Test("a missing folder, a file instead of a folder and a non-empty destination are errors")
    func refusesBadArguments() throws {
        let sandbox = try GitSandbox()
        let scratch = try sandbox.makeRepository()
        try scratch.write("plans/prod/app.yaml", "replicas: 1\n")
        let sha = try scratch.commitAll("first")
        let repository = try scratch.open()
        let main = try repository.resolveCommit("main")
        let at = "main (\(sha.prefix(7)))"

        #expect(throws: GitError.pathNotFound(path: "plans/qa", at: at)) {
            try repository.materialize(folder: "plans/qa", at: main, into: sandbox.root + "/out1")
        }
        #expect(throws: GitError.wrongEntryKind(path: "plans/prod/app.yaml", at: at, expected: "a folder")) {
            try repository.materialize(folder: "plans/prod/app.yaml", at: main, into: sandbox.root + "/out2")
        }
        let occupied = sandbox.root + "/occupied"
        try FileManager.default.createDirectory(atPath: occupied, withIntermediateDirectories: true)
        try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: occupied + "/mine.txt"))
        #expect(throws: GitError.destinationNotEmpty(occupied)) {
            try repository.materialize(folder: "plans/prod", at: main, into: occupied)
        }
        #expect(try text(occupied + "/mine.txt") == "keep me\n")
    }
}
