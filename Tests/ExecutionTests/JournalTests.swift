import Foundation
import PlanModel
import Testing
@testable import Execution

@Suite("Run journal and run store")
struct JournalTests {
    let plan = TestPlan.make([
        TestStep(id: "infra/network"),
        TestStep(id: "infra/cluster", needs: ["infra/network"]),
    ])

    private func journaledRun(in state: TemporaryDirectory, runID: String, failing: Bool = false) async throws -> RunJournal {
        let journal = try RunJournal(stateDir: state.path, runID: runID, plan: plan, invocation: ["bosun", "apply", "test.yaml"])
        let runner = ScriptedRunner(
            default: .init(output: ["creating"]),
            steps: ["infra/cluster": .init(exitCodes: [failing ? 1 : 0], output: ["cluster is up"])])
        _ = await execute(plan, runner: runner, observer: journal)
        return journal
    }

    @Test("a run leaves plan.json, run.json, events.jsonl and one log per step")
    func journalContents() async throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        let journal = try await journaledRun(in: state, runID: "20260101-000000-aaaa")
        let folder = URL(fileURLWithPath: journal.directory)

        let saved = try JournalJSON.read(CompiledPlan.self, from: folder.appending(path: "plan.json"))
        #expect(saved.steps.map(\.id) == plan.steps.map(\.id))
        #expect(saved.graph == plan.graph)

        let run = try JournalJSON.read(RunFile.self, from: folder.appending(path: "run.json"))
        #expect(run.metadata.outcome == .succeeded)
        #expect(run.metadata.exitCode == 0)
        #expect(run.metadata.invocation == ["bosun", "apply", "test.yaml"])
        #expect(run.metadata.finishedAt != nil)
        #expect(run.steps.map(\.state) == [.succeeded, .succeeded])

        let lines = try String(contentsOf: folder.appending(path: "events.jsonl"), encoding: .utf8).split(separator: "\n")
        let entries = try lines.map { try JournalJSON.decoder().decode(JournalEntry.self, from: Data($0.utf8)) }
        #expect(entries.first?.event == .runStarted)
        #expect(entries.last?.event == .runFinished)
        #expect(entries.filter { $0.event == .stepFinished }.count == 2)

        let log = try String(contentsOfFile: journal.directory + "/logs/infra%2Fcluster.log", encoding: .utf8)
        #expect(log == "$ infra/cluster\ncluster is up\n")
    }

    @Test("run.json says running from the start, before any step finishes")
    func runningAtStart() throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        let journal = try RunJournal(stateDir: state.path, runID: "r1", plan: plan)
        journal.handle(.runStarted(planName: plan.planName, stepCount: 2, startedAt: Date()))

        let (metadata, _) = try RunStore(stateDir: state.path).load("r1")
        #expect(metadata.outcome == .running)
        #expect(metadata.finishedAt == nil)
        #expect(journal.directory.hasSuffix("/runs/r1"))
    }

    @Test("a journal cut short by a crash still tells which steps finished and which were running")
    func replayAfterCrash() async throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        let journal = try RunJournal(stateDir: state.path, runID: "crashed", plan: plan)
        journal.handle(.runStarted(planName: plan.planName, stepCount: 2, startedAt: Date()))
        journal.handle(.stepStarted(id: "infra/network", attempt: 1))
        journal.handle(.stepFinished(StepRecord(id: "infra/network", kind: .run, state: .succeeded, attempts: 1)))
        journal.handle(.stepStarted(id: "infra/cluster", attempt: 1))
        // What the executor awaits before a step's first command: the start is on disk.
        try await journal.waitUntilRecorded()

        let (metadata, records) = try RunStore(stateDir: state.path).load("crashed")
        #expect(metadata.outcome == .running)
        #expect(records.map(\.id) == ["infra/network", "infra/cluster"])
        #expect(records.map(\.state) == [.succeeded, .running])
    }

    @Test("the run store lists runs newest first with their outcome and step counts")
    func listRuns() async throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        _ = try await journaledRun(in: state, runID: "20260101-000000-aaaa")
        try await Task.sleep(for: .milliseconds(20))
        _ = try await journaledRun(in: state, runID: "20260101-000001-bbbb", failing: true)
        try FileManager.default.createDirectory(atPath: state.path + "/runs/not-a-run", withIntermediateDirectories: true)

        let runs = RunStore(stateDir: state.path).list()
        #expect(runs.map(\.id) == ["20260101-000001-bbbb", "20260101-000000-aaaa"])
        #expect(runs.map(\.outcome) == [.failed, .succeeded])
        #expect(runs[0].steps.total == 2)
        #expect(runs[0].steps.failed == 1)
        #expect(runs[0].planName == "test-plan")
        #expect(runs[0].environment == "test")
        #expect(runs[0].duration != nil)
    }

    @Test("loading a run gives its metadata and step records")
    func loadRun() async throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        _ = try await journaledRun(in: state, runID: "20260101-000000-aaaa", failing: true)

        let (metadata, records) = try RunStore(stateDir: state.path).load("20260101-000000-aaaa")
        #expect(metadata.runID == "20260101-000000-aaaa")
        #expect(metadata.outcome == .failed)
        #expect(metadata.exitCode == 1)
        #expect(records.map(\.state) == [.succeeded, .failed])
        #expect(records[1].message == "exited with status 1")
    }

    @Test("an unknown run id is a clear error that names the newest runs")
    func unknownRun() async throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        _ = try await journaledRun(in: state, runID: "20260101-000000-aaaa")

        let error = #expect(throws: RunStoreError.self) { try RunStore(stateDir: state.path).load("nope") }
        #expect(error?.description.contains("no run 'nope'") == true)
        #expect(error?.description.contains("newest runs: 20260101-000000-aaaa") == true)
        #expect(throws: RunStoreError.self) { try RunStore(stateDir: state.path).load("../../etc") }
    }

    @Test("run ids sort by start time and differ within one second")
    func runIDs() {
        let date = Date(timeIntervalSince1970: 1_795_371_330)  // 2026-11-22 18:15:30 UTC
        let id = RunID.make(at: date)
        #expect(id.hasPrefix("20261122-181530-"))
        #expect(id.count == "20261122-181530-3f9a".count)
        #expect(Set((0..<20).map { _ in RunID.make(at: date) }).count > 1)
        #expect(RunID.make(at: date) < RunID.make(at: date.addingTimeInterval(1)))
    }

    @Test("a step that prints nothing leaves no log file, and its commands still show with the logs")
    func silentStepsHaveNoLogFile() async throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        let journal = try RunJournal(stateDir: state.path, runID: "quiet", plan: plan)
        let runner = ScriptedRunner(default: .init(output: []), steps: ["infra/cluster": .init(exitCodes: [0], output: ["cluster is up"])])
        _ = await execute(plan, runner: runner, observer: journal)

        #expect(!FileManager.default.fileExists(atPath: journal.directory + "/logs/infra%2Fnetwork.log"))
        let logs = RunStore(stateDir: state.path).logs(runID: "quiet", steps: ["infra/network", "infra/cluster"])
        #expect(logs["infra/network"] == "$ infra/network\n")
        #expect(logs["infra/cluster"] == "$ infra/cluster\ncluster is up\n")
    }

    @Test("a retried step's notes read the same from its log file and, when it printed nothing, from events.jsonl")
    func retryNotes() async throws {
        let state = try TemporaryDirectory()
        defer { state.remove() }
        let retried = TestPlan.make([TestStep(id: "loud", retries: 1), TestStep(id: "quiet", retries: 1)])
        let journal = try RunJournal(stateDir: state.path, runID: "retried", plan: retried)
        let runner = ScriptedRunner(steps: ["loud": .init(exitCodes: [1, 0], output: ["hi"]), "quiet": .init(exitCodes: [1, 0])])
        _ = await execute(retried, runner: runner, observer: journal)

        let logs = RunStore(stateDir: state.path).logs(runID: "retried", steps: ["loud", "quiet"])
        let quiet = try #require(logs["quiet"])
        #expect(quiet.hasPrefix("$ quiet\n# exited with status 1; retrying in "))
        #expect(quiet.hasSuffix("s\n# attempt 2\n$ quiet\n"))
        let loud = try #require(logs["loud"])
        #expect(loud == quiet.replacingOccurrences(of: "$ quiet\n", with: "$ loud\nhi\n"))
    }

    @Test("step ids with slashes become flat log file names")
    func logNames() {
        #expect(StepLogs.fileName(for: "foundation/module.vpc") == "foundation%2Fmodule.vpc.log")
    }

    @Test("no two step ids share a log file, and no name is too long for the file system")
    func logNamesAreDistinctAndBounded() {
        let ids = ["a/b", "a__b", "a_b", "a%2Fb", "a b", ".hidden", "..", "ü/ö", String(repeating: "x", count: 300),
                   String(repeating: "x", count: 299) + "y", String(repeating: "é", count: 200)]
        let names = ids.map(StepLogs.fileName)
        #expect(Set(names).count == ids.count)
        for name in names {
            #expect(name.utf8.count <= 255)
            #expect(!name.contains("/"))
            #expect(!name.hasPrefix("."))
        }
    }
}
