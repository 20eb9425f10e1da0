import Foundation
import PlanModel
import Testing
@testable import Execution

@Suite("Run and plan folders in commands")
struct TokenResolutionTests {
    private func outputLines(of plan: CompiledPlan) async -> [String] {
        let recorder = EventRecorder()
        let report = await execute(plan, runner: SubprocessRunner(), observer: recorder)
        #expect(report.outcome == .succeeded, "\(report.records.map(\.message))")
        return recorder.all.compactMap { event -> String? in
            if case .output(let line) = event, line.stream == .stdout { line.text } else { nil }
        }
    }

    @Test("{run} and {plan} are the run's folders when a command starts, each word on its own")
    func foldersFilled() async throws {
        let run = FileManager.default.temporaryDirectory.appending(path: "bosun-tokens-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: run) }
        var plan = TestPlan.make([TestStep(id: "show", commands: [
            .exec(ExecCommand(["printf", "%s|", "{run}/kubeconfig", "--dir={plan}", "{plan}"])),
            .exec(ExecCommand(["sh", "-c", "printf '%s\\n' \"$FOLDER\""], environment: ["FOLDER": "{run}/terraform"])),
            .exec(ExecCommand(["printf", "written"], stdoutFile: "{run}/out.txt")),
        ])], workingDirectory: "/")
        plan.runDirectory = run
        let output = await outputLines(of: plan)
        #expect(output.contains("\(run)/kubeconfig|--dir=/|/|"))
        #expect(output.contains("\(run)/terraform"))
        #expect(try String(contentsOfFile: run + "/out.txt", encoding: .utf8) == "written")
    }

    @Test("a {run} the plan itself wrote (escaped by the compiler) reaches the program as written")
    func escapedLiteral() async {
        var plan = TestPlan.make([.exec("show", ["printf", "%s|", CommandWord.escaped("{run}"), CommandWord.escaped("{{x}"),
                                                 CommandWord.escaped("{capture:x}"), "{\"spec\":{}}"])])
        plan.runDirectory = "/runs/r1"
        #expect(await outputLines(of: plan).contains("{run}|{{x}|{capture:x}|{\"spec\":{}}|"))
    }
}
