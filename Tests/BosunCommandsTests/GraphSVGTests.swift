import Foundation
import Testing

/// `bosun graph --format svg`: the plan's DOT drawn by Graphviz's real `dot` when it is on PATH, a
/// clear error when it is not or when it fails.
@Suite("graph --format svg through Graphviz's dot")
struct GraphSVGTests {
    static let dot: String? = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        .split(separator: ":").map { "\($0)/dot" }.first { FileManager.default.isExecutableFile(atPath: $0) }

    static let plan = Project.header + """
          - name: first
            parallel: true
            steps:
              - { id: net, run: ["true"] }
              - { id: "db<&>", needs: [net], run: ["true"] }
          - name: second
            steps:
              - { id: web, run: ["true"] }

        """

    /// A folder holding only `files` (name → shell script), to be the whole PATH of a run.
    private func pathFolder(_ files: [String: String]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bosun-path-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, script) in files {
            try script.write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder + "/" + name)
        }
        return folder
    }

    @Test("the SVG parses as XML and names every step", .enabled(if: dot != nil, "Graphviz's dot is not on PATH: `make deps` installs it"))
    func drawsEverySteps() async throws {
        let project = try Project(plan: Self.plan, files: Project.kubeconfig)
        defer { project.remove() }
        let result = try await project.run(["graph", "plan.yaml", "--env", "local", "--format", "svg"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("<svg"))
        let svg = project.path("graph.svg")
        try result.stdout.write(toFile: svg, atomically: true, encoding: .utf8)
        // Every text of the drawing, as an XML parser reads it.
        let texts = try await ChildProcess.run("/usr/bin/env", ["python3", "-c", """
            import sys, xml.etree.ElementTree as tree
            root = tree.parse(sys.argv[1]).getroot()
            assert root.tag == '{http://www.w3.org/2000/svg}svg', root.tag
            print('\\n'.join(element.text or '' for element in root.iter('{http://www.w3.org/2000/svg}text')))
            """, svg])
        #expect(texts.status == 0, "\(texts)")
        let lines = Set(texts.stdout.split(separator: "\n").map(String.init))
        for step in ["net", "db<&>", "web"] { #expect(lines.contains(step), "\(step) in \(lines.sorted())") }
    }

    @Test("without dot on PATH: what to install, and exit 1")
    func missingDot() async throws {
        let project = try Project(plan: Self.plan, files: Project.kubeconfig)
        defer { project.remove() }
        let empty = try pathFolder([:])
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let result = try await project.run(["graph", "plan.yaml", "--env", "local", "--format", "svg"], environment: ["PATH": empty])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("Graphviz's `dot` is not on PATH: install graphviz (apt-get install graphviz) or use --format dot"))
    }

    @Test("a dot that fails: its status and what it printed on standard error, and exit 1")
    func failingDot() async throws {
        let project = try Project(plan: Self.plan, files: Project.kubeconfig)
        defer { project.remove() }
        let broken = try pathFolder(["dot": "#!/bin/sh\ncat >/dev/null\necho 'Error: <stdin>: syntax error in line 3' >&2\nexit 2\n"])
        defer { try? FileManager.default.removeItem(atPath: broken) }
        let result = try await project.run(["graph", "plan.yaml", "--env", "local", "--format", "svg"], environment: ["PATH": broken + ":/usr/bin:/bin"])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\(broken)/dot -Tsvg exited with status 2:\nError: <stdin>: syntax error in line 3"))
    }
}
