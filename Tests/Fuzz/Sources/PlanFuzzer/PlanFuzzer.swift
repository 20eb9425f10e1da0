import BosunBasics
import Foundation
import PlanCompiler
import PlanLoading
import PlanModel
import Providers
#if canImport(Glibc)
import Glibc
#endif

/// Where fuzzed plans live: the compiler tests' small project (`k8s/`, `kustomize/base`, `tf/`,
/// `kube.yaml`), so that paths in a plan can name real files, and the built-in providers.
enum FuzzSetting {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let planFile = repositoryRoot.appendingPathComponent("Tests/PlanCompilerTests/Fixtures/project/fuzz.yaml").path
    nonisolated(unsafe) static let providers = try! ProviderCatalog.builtIn()
    /// `${env:…}` finds these; nothing else of the fuzzer's own environment reaches the plan.
    static let environment = ["FUZZ_TOKEN": "fuzz-token-value", "HOME": "/home/fuzz"]
}

/// One input: any bytes must give a plan or located diagnostics, never a crash, a hang or an
/// unbounded allocation; a plan that loads is compiled for each of its environments (with its
/// variables), and what compiles must stay within the plan format's limits.
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let document: PlanDocument
    do {
        document = try PlanLoader.parse(text, file: FuzzSetting.planFile)
    } catch {
        precondition(!error.diagnostics.isEmpty, "a rejected plan must say why")
        return 0
    }
    do {
        let plans = try PlanCompiler.validateAll(
            document, providers: FuzzSetting.providers, processEnvironment: FuzzSetting.environment, runDirectory: "/runs/fuzz")
        for plan in plans { checkLimits(plan) }
    } catch {
        precondition(!error.diagnostics.isEmpty, "a plan that does not compile must say why")
    }
    return 0
}

/// The bounds of docs/plan-format.md hold for whatever compiled.
func checkLimits(_ plan: CompiledPlan) {
    for step in plan.steps {
        precondition(step.retries >= 0 && step.retries <= CountBounds.stepRetries.most, "retries \(step.retries)")
        if let timeout = step.timeout {
            precondition(timeout >= DurationBounds.stepTimeout.least && timeout <= DurationBounds.stepTimeout.most, "timeout \(timeout)")
        }
        for command in step.commands {
            guard case .httpCheck(let check) = command else { continue }
            precondition(check.attempts >= 1 && check.attempts <= CountBounds.checkRetries.most + 1, "attempts \(check.attempts)")
            precondition(check.interval >= 0 && check.interval <= DurationBounds.checkInterval.most, "interval \(check.interval)")
        }
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
) -> CInt

@main
struct PlanFuzzer {
    static func main() {
        _ = FuzzSetting.providers
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(runFuzzerDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
    }
}
