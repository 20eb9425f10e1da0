import Foundation
import GitKit
import Testing

@Suite("Opening repositories")
struct RepositoryTests {
    @Test("opening from a subfolder finds the repository that contains it")
    func discoversFromSubfolder() throws {
        let sandbox = try GitSandbox()
        let scratch = try sandbox.makeRepository()
        try scratch.write("plans/prod/app.yaml", "replicas: 1\n")
        try scratch.commitAll("first")
        let repository = try GitRepository.open(discoveringFrom: scratch.path + "/plans/prod")
        #expect(repository.workdir == scratch.path)
        #expect(!repository.isBare)
        #expect(!repository.isShallow)
    }

    @Test("a folder outside any repository is reported as not a git repository")
    func notARepository() throws {
        let sandbox = try GitSandbox()
        let folder = sandbox.root + "/plain"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let error = try #require(throws: GitError.self) { try GitRepository.open(discoveringFrom: folder) }
        guard case .notARepository(path: folder, _) = error else {
            Issue.record("expected notARepository, got \(error)")
            return
        }
        #expect(error.description.contains("not a git repository"))
    }

    @Test("a bare repository has no working tree to report on")
    func bareRepository() throws {
        let sandbox = try GitSandbox()
        let repository = try sandbox.makeRepository("bare.git", bare: true).open()
        #expect(repository.isBare)
        #expect(repository.workdir == nil)
        #expect(throws: GitError.bareRepository(operation: "list modified files")) {
            try repository.modifiedFiles()
        }
    }

    @Test("the default signature comes from the repository's git config")
    func defaultSignature() throws {
        let sandbox = try GitSandbox()
        let scratch = try sandbox.makeRepository()
        try scratch.git("config", "user.name", "Grace Pinner")
        try scratch.git("config", "user.email", "grace@example.com")
        let identity = try scratch.open().defaultSignature()
        #expect(identity == GitIdentity(name: "Grace Pinner", email: "grace@example.com"))
    }
}

@Suite("Shallow clones")
struct ShallowCloneTests {
    @Test("a shallow clone is detected, and a commit outside its history fails with the unshallow hint")
    func shallowClone() throws {
        let sandbox = try GitSandbox()
        let origin = try sandbox.makeRepository("origin")
        try origin.write("app.yaml", "replicas: 1\n")
        let first = try origin.commitAll("first")
        try origin.write("app.yaml", "replicas: 2\n")
        let second = try origin.commitAll("second")
        let repository = try sandbox.clone(origin, as: "shallow", depth: 1).open()

        #expect(repository.isShallow)
        #expect(try repository.resolveCommit("HEAD").id == second)
        for revision in [first, "HEAD~1"] {
            let error = try #require(throws: GitError.self) { try repository.resolveCommit(revision) }
            guard case .unknownRevision(revision, shallow: true, _) = error else {
                Issue.record("expected unknownRevision for \(revision), got \(error)")
                continue
            }
            #expect(error.description.contains("git fetch --unshallow"))
        }
    }
}
