import Foundation
import Testing

/// Bosun killed with SIGKILL cannot stop its children itself: the kernel must (their
/// parent-death signal), or they run on unsupervised.
@Suite("kill -9 of Bosun")
struct KillNineTests {
    @Test("kill -9 of bosun leaves no child running: the step's process and its group die with it")
    func childrenDieWithBosun() async throws {
        let project = try Project(plan: Project.header + """
              - name: work
                steps:
                  - { id: nap, run: [sleep, "300"] }
            """, files: Project.kubeconfig)
        defer { project.remove() }
        let running = try BosunProcess.start(
            ["apply", "plan.yaml", "--env", "local", "--yes", "--state-dir", project.path("state")], in: project.folder)
        let bosun = running.process.processIdentifier
        let sleeper = try #require(await Processes.child(of: bosun, named: "sleep", within: 20), "the step's sleep never started")

        kill(bosun, SIGKILL)
        _ = await running.finish()
        let gone = await Processes.groupIsGone(sleeper, within: 5)
        if !gone { kill(-sleeper, SIGKILL) }  // what the old code left behind
        #expect(gone, "sleep (pid \(sleeper)) and its process group outlived the killed bosun")
    }
}

/// The process table as `/proc` shows it (Linux).
private enum Processes {
    private struct Stat {
        var command: String
        var state: Character
        var parent: Int32
        var group: Int32
    }

    private static func stat(of pid: Int32) -> Stat? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let open = text.firstIndex(of: "("), let close = text.lastIndex(of: ")") else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 2, let state = fields[0].first, let parent = Int32(fields[1]), let group = Int32(fields[2]) else { return nil }
        return Stat(command: String(text[text.index(after: open)..<close]), state: state, parent: parent, group: group)
    }

    private static func living() -> [(pid: Int32, stat: Stat)] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).compactMap { pid in
            stat(of: pid).flatMap { $0.state == "Z" || $0.state == "X" ? nil : (pid, $0) }
        }
    }

    /// Waits (`seconds` of polling) for a child of `parent` running `command`.
    static func child(of parent: Int32, named command: String, within seconds: Double) async -> Int32? {
        await poll(for: seconds) { living().first(where: { $0.stat.parent == parent && $0.stat.command == command })?.pid }
    }

    /// Waits (`seconds` of polling) until no living process is in process group `group` (a
    /// zombie runs nothing: a container's minimal init may be slow to reap it).
    static func groupIsGone(_ group: Int32, within seconds: Double) async -> Bool {
        await poll(for: seconds) { living().contains(where: { $0.stat.group == group }) ? nil : true } ?? false
    }

    /// Counted in polls, not by the clock: on a loaded machine the test's task may not run for
    /// many seconds, and a deadline would then pass before a single look.
    private static func poll<T>(for seconds: Double, _ look: () -> T?) async -> T? {
        for _ in 0..<Int(seconds * 50) {
            if let found = look() { return found }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return look()
    }
}
