import Foundation
import GitKit
import Testing

@Suite("Reading files at a commit")
struct FileReadingTests {
    @Test("reading a file at two revisions gives each revision's content, not the working tree's")
    func contentPerRevision() throws {
        let sandbox = try GitSandbox()
        let scratch = try sandbox.makeRepository()
        try scratch.write("plans/app.yaml", "replicas: 1\n")
        try scratch.commitAll("first")
        try scratch.git("tag", "v1")
        try scratch.write("plans/app.yaml", "replicas: 2\n")
        try scratch.commitAll("second")
        try scratch.write("plans/app.yaml", "replicas: 99 # uncommitted\n")
        let repository = try scratch.open()

        let old = try repository.readFile("plans/app.yaml", at: repository.resolveCommit("v1"))
        let new = try repository.readFile("plans/app.yaml", at: repository.resolveCommit("main"))
        #expect(String(decoding: old, as: UTF8.self) == "replicas: 1\n")
        #expect(String(decoding: new, as: UTF8.self) == "replicas: 2\n")
    }

    @Test("a missing path is an error naming the path, the revision and its short sha")
    func missingPath() throws {
        let sandbox = try GitSandbox()
        let scratch = try sandbox.makeRepository()
        try scratch.write("plans/app.yaml", "replicas: 1\n")
        let sha = try scratch.commitAll("first")
        let repository = try scratch.open()
        let main = try repository.resolveCommit("main")

        let error = try #require(throws: GitError.self) { try repository.readFile("plans/missing.yaml", at: main) }
        #expect(error == .pathNotFound(path: "plans/missing.yaml", at: "main (\(sha.prefix(7)))"))
        #expect(error.description == "path plans/missing.yaml does not exist at main (\(sha.prefix(7)))")
    }

    @Test("folderExists is true for folders only, not for files or missing paths")
    func folderExists() throws {
        let sandbox = try GitSandbox()
        let scratch = try sandbox.makeRepository()
        try scratch.write("plans/app/app.yaml", "replicas: 1\n")
        try scratch.commitAll("first")
        let repository = try scratch.open()
        let main = try repository.resolveCommit("main")
        #expect(try repository.folderExists("plans", at: main))
        #expect(try repository.folderExists("plans/app", at: main))
        #expect(try !repository.folderExists("plans/app/app.yaml", at: main))
        #expect(try !repository.folderExists("providers", at: main))
    }

    @Test("fileExists is true for files only, not for folders or missing paths")
    func fileExists() throws {
        let sandbox = try GitSandbox()
        let scratch = try sandbox.makeRepository()
        try scratch.write("plans/app.yaml", "replicas: 1\n")
        try scratch.commitAll("first")
        let repository = try scratch.open()
        let main = try repository.resolveCommit("main")
        #expect(try repository.fileExists("plans/app.yaml", at: main))
        #expect(try !repository.fileExists("plans", at: main))
        #expect(try !repository.fileExists("plans/other.yaml", at: main))
    }

    @Test("paths are normalized, and absolute paths or '..' above the root are refused")
    func pathValidation() throws {
        let sandbox = try GitSandbox()
        let scratch = try sandbox.makeRepository()
        try scratch.write("plans/app.yaml", "replicas: 1\n")
        try scratch.commitAll("first")
        let repository = try scratch.open()
        let main = try repository.resolveCommit("main")

        let normalized = try repository.readFile("./plans//../plans/app.yaml", at: main)
        #expect(String(decoding: normalized, as: UTF8.self) == "replicas: 1\n")
        for path in ["../outside.yaml", "plans/../../outside.yaml", "/etc/passwd"] {
            let error = try #require(throws: GitError.self) { try repository.readFile(path, at: main) }
            guard case .invalidPath(path, _) = error else {
                Issue.record("expected invalidPath for \(path), got \(error)")
                continue
            }
        }
    }
}
