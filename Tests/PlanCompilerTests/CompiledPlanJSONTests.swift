import Foundation
import PlanCompiler
import PlanLoading
import PlanModel
import Testing

/// `CompiledPlan.json(pretty:)` replaces JSONEncoder for `plan.json` and the plan digest: it must
/// write the very bytes JSONEncoder writes, or old journals would stop matching their digests.
@Suite struct CompiledPlanJSONTests {
    /// Every environment of every example plan: all step kinds, HTTP checks, stdin, captures,
    /// rollbacks, provider checks, tools.
    static let examples: [CompiledPlan] = {
        let plans = CompilerFixture.repositoryRoot.appendingPathComponent("plans")
        let files = (FileManager.default.enumerator(atPath: plans.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".yaml") && !$0.contains("/k8s/") && !$0.hasSuffix(".pins.yaml") }
        return files.sorted().flatMap { file -> [CompiledPlan] in
            guard let document = try? PlanLoader.load(path: plans.appendingPathComponent(file).path) else { return [] }
            return document.environments.compactMap { environment in
                try? PlanCompiler.compile(document, providers: CompilerFixture.providers, options: CompileOptions(
                    environment: environment.name.value, processEnvironment: ["BOSUN_TEST": "1"], runDirectory: "/runs/r1"))
            }
        }
    }()

    static func encoded(_ plan: CompiledPlan, pretty: Bool) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(plan))
    }

    @Test func theExamplesCompile() {
        #expect(Self.examples.count >= 6, "every example plan and environment takes part")
    }

    @Test(arguments: [true, false])
    func matchesJSONEncoderOnEveryExample(pretty: Bool) throws {
        for plan in Self.examples {
            let written = plan.json(pretty: pretty)
            let expected = try Self.encoded(plan, pretty: pretty)
            #expect(written == expected, "\(plan.planName) / \(plan.environment)")
        }
    }

    @Test func readsBackAsTheSamePlan() throws {
        for plan in Self.examples {
            let decoded = try JSONDecoder().decode(CompiledPlan.self, from: Data(plan.json(pretty: true)))
            #expect(decoded.steps == plan.steps)
            #expect(decoded.graph == plan.graph)
            #expect(decoded.tools == plan.tools)
        }
    }
}
