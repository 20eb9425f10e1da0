import Foundation
import PlanModel
import Synchronization
import Testing
@testable import Execution

/// A journal that cannot be written stops the run: no step starts whose start is not on disk.
@Suite("a journal that cannot be written stops the run")
struct JournalFailureTests {
    /// Stands in for a journal whose disk fills up: the first `healthy` starts are kept, the
    /// ones after are not.
    final class FillingDiskJournal: ExecutionObserver {
        private let kept = Mutex(0)
        let healthy: Int

        init(healthy: Int) { self.healthy = healthy }

        func handle(_ event: ExecutionEvent) {}

        func waitUntilRecorded() async throws(RecordingFailure) {
            let count = kept.withLock { count in
                count += 1
                return count
            }
            if count > healthy { throw RecordingFailure("cannot write the journal: No space left on device") }
        }
    }

    let chain = TestPlan.make([
        TestStep(id: "first"),
        TestStep(id: "second", needs: ["first"]),
        TestStep(id: "third", needs: ["second"]),
    ])

    @Test("the step whose start cannot be journaled never runs, nor any after it")
    func stopsAtTheUnrecordedStart() async {
        let runner = ScriptedRunner()
        let report = await execute(chain, runner: runner, observer: FillingDiskJournal(healthy: 1))
        #expect(runner.startOrder == ["first"])
        #expect(report.outcome == .failed)
        #expect(report.exitCode != 0)
        #expect(report.record("second")?.state == .failed)
        #expect(report.record("second")?.message?.contains("not started: cannot write the journal: No space left on device") == true)
        #expect(report.record("third")?.state == .skipped)
        #expect(report.record("third")?.message == "not started: the journal cannot be written")
    }

    @Test("--keep-going does not go on without a journal")
    func keepGoingStopsToo() async {
        let wide = TestPlan.make((1...6).map { TestStep(id: "step-\($0)") })
        let runner = ScriptedRunner(default: .init(delay: 0.05))
        let report = await execute(wide, runner: runner, observer: FillingDiskJournal(healthy: 2), concurrency: 1, keepGoing: true)
        #expect(runner.startOrder.count == 2)
        #expect(report.records.filter { $0.state == .succeeded }.count == 2)
        #expect(report.records.filter { $0.state == .skipped }.count == 3)
        #expect(report.exitCode != 0)
    }

    @Test("a writer whose disk is full reports it to the step waiting for its start")
    func writerOnAFullDevice() async throws {
        let run = try TemporaryDirectory()
        defer { run.remove() }
        // /dev/full accepts the open and fails every write with ENOSPC, as a full disk does.
        try FileManager.default.createSymbolicLink(atPath: run.path + "/events.jsonl", withDestinationPath: "/dev/full")
        let metadata = RunMetadata(
            runID: "full", planName: chain.planName, planFile: chain.planFile, environment: chain.environment, invocation: [],
            startedAt: Date(), finishedAt: nil, outcome: .running, exitCode: nil)
        let writer = try JournalWriter(directory: URL(fileURLWithPath: run.path), metadata: metadata, plan: chain)
        writer.record(.stepStarted(id: "first", attempt: 1), at: Date())
        await #expect(throws: POSIXError.self) { try await writer.waitUntilDurable() }
        #expect(writer.failure != nil)
    }
}
