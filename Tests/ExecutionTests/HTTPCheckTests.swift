import PlanModel
import Testing
@testable import Execution

@Suite("SubprocessRunner: HTTP checks against a loopback server")
struct HTTPCheckTests {
    private func check(_ url: String, attempts: Int) async -> (RunReport, EventRecorder) {
        let probe = HTTPCheck(url: url, expectStatus: 200, attempts: attempts, interval: 0.02, requestTimeout: 2)
        let plan = TestPlan.make([TestStep(id: "health", commands: [.httpCheck(probe)])])
        let recorder = EventRecorder()
        return (await execute(plan, runner: SubprocessRunner(), observer: recorder), recorder)
    }

    @Test("a check passes once the server answers 200, reporting each failed attempt")
    func passesAfterRetries() async throws {
        let server = try LoopbackHTTPServer(statuses: [503, 503, 200])
        defer { server.stop() }
        let (report, recorder) = await check(server.url, attempts: 5)

        #expect(report.record("health")?.state == .succeeded)
        #expect(server.requestCount == 3)
        let notes = recorder.lines(of: "health", on: .info)
        #expect(notes.count == 2)
        #expect(notes.first?.contains("attempt 1/5") == true)
        #expect(notes.first?.contains("HTTP 503") == true)
    }

    @Test("a check that never gets the expected status fails with the last status")
    func failsWithStatus() async throws {
        let server = try LoopbackHTTPServer(statuses: [503])
        defer { server.stop() }
        let (report, _) = await check(server.url, attempts: 2)
        #expect(report.record("health")?.state == .failed)
        #expect(report.record("health")?.message == "HTTP 503 after 2 attempts")
    }

    @Test("a closed port fails with a readable reason")
    func closedPort() async throws {
        let port = try LoopbackHTTPServer.closedPort()
        let (report, recorder) = await check("http://127.0.0.1:\(port)/health", attempts: 2)
        #expect(report.record("health")?.state == .failed)
        #expect(report.record("health")?.message == "connection refused after 2 attempts")
        #expect(recorder.lines(of: "health", on: .info).count == 2)
    }
}
