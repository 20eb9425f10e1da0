import Foundation
import PlanModel
import Testing
@testable import Execution

/// The journal writer on its own: many steps hand it events at once, each waits for its own
/// start, and the run's end closes it.
@Suite("the journal writer: concurrent starts, durable waits, the end")
struct JournalWriterTests {
    let plan = TestPlan.make((1...16).map { TestStep(id: "step-\($0)") })

    func writer(in folder: TemporaryDirectory) throws -> JournalWriter {
        let metadata = RunMetadata(
            runID: "w", planName: plan.planName, planFile: plan.planFile, environment: plan.environment, invocation: [],
            startedAt: Date(), finishedAt: nil, outcome: .running, exitCode: nil)
        return try JournalWriter(directory: URL(fileURLWithPath: folder.path), metadata: metadata, plan: plan)
    }

    func events(in folder: TemporaryDirectory) throws -> [JournalEntry] {
        try Data(contentsOf: URL(fileURLWithPath: folder.file("events.jsonl"))).split(separator: UInt8(ascii: "\n"))
            .map { try JournalEntry(jsonLine: $0) }
    }

    @Test("sixteen steps starting at once: each wait returns with its start on disk, none lost")
    func concurrentStarts() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let writer = try writer(in: folder)
        writer.record(.runStarted(planName: plan.planName, stepCount: 16, startedAt: Date()), at: Date())
        try await withThrowingTaskGroup(of: Void.self) { group in
            for step in plan.steps {
                group.addTask {
                    writer.record(.stepStarted(id: step.id, attempt: 1), at: Date())
                    try await writer.waitUntilDurable()
                    // What the wait promised: this step's start is in the file.
                    let started = try events(in: folder).filter { $0.event == .stepStarted }.compactMap(\.step)
                    #expect(started.contains(step.id))
                }
            }
            try await group.waitForAll()
        }
        #expect(Set(try events(in: folder).compactMap(\.step)) == Set(plan.steps.map(\.id)))
        #expect(writer.failure == nil)
    }

    @Test("the run's end writes run.json with the outcome at once; later events are dropped and waits return")
    func endCloses() async throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let writer = try writer(in: folder)
        let start = Date()
        writer.record(.runStarted(planName: plan.planName, stepCount: 16, startedAt: start), at: start)
        writer.record(.stepStarted(id: "step-1", attempt: 1), at: start)
        writer.record(.stepFinished(StepRecord(id: "step-1", kind: .run, state: .succeeded, attempts: 1)), at: start)
        let report = RunReport(records: [StepRecord(id: "step-1", kind: .run, state: .succeeded, attempts: 1)],
                               outcome: .succeeded, startedAt: start, finishedAt: start.addingTimeInterval(1))
        writer.record(.runFinished(report), at: start)
        let run = try RunFile(json: Data(contentsOf: URL(fileURLWithPath: folder.file("run.json"))))
        #expect(run.metadata.outcome == .succeeded)
        #expect(run.steps.map(\.id) == ["step-1"])

        writer.record(.stepStarted(id: "step-2", attempt: 1), at: start)
        try await writer.waitUntilDurable()
        #expect(try events(in: folder).map(\.event) == [.runStarted, .stepStarted, .stepFinished, .runFinished])
    }
}
