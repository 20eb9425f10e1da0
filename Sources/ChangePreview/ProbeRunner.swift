import Execution
import Foundation
import PlanModel
import Synchronization

/// Runs the probes' commands for the executor and keeps how each ended and what it printed on
/// standard error. A probe that fails does not fail its step: what depends on it is still
/// previewed (and may be "known after" it). Only set-up steps (connect, terraform init) fail for
/// real, so that nothing runs against a cluster the preview could not reach.
struct ProbeRunner: CommandRunner {
    let inner: any CommandRunner
    let probes: ProbePlan
    let results = ProbeResults()

    func run(_ command: StepCommand, in context: CommandContext) async throws -> CommandOutcome {
        var (outcome, errors) = try await runKeepingErrors(command, in: context)
        if let clientSide = probes.clientSideDiffs[context.stepID], Self.refusesServerSide(outcome, errors) {
            context.emit("the server refused the server-side dry run: diffing client-side")
            (outcome, errors) = try await runKeepingErrors(.exec(clientSide), in: context)
        }
        results.record(probes.companions[context.stepID] ?? context.stepID, ProbeResult(outcome: outcome, errors: errors))
        return probes.strict.contains(context.stepID) ? outcome : .success()
    }

    private func runKeepingErrors(_ command: StepCommand, in context: CommandContext) async throws -> (CommandOutcome, [String]) {
        let errors = Mutex<[String]>([])
        var watched = context
        let forward = context.output
        watched.output = { line in
            forward(line)
            if line.stream == .stderr { errors.withLock { $0.append(line.text) } }
        }
        let outcome = try await inner.run(command, in: watched)
        return (outcome, errors.withLock { $0 })
    }

    /// kubectl diff exits 1 for differences; above that it failed. A server without server-side
    /// apply answers 415 (or says so).
    private static func refusesServerSide(_ outcome: CommandOutcome, _ errors: [String]) -> Bool {
        guard let status = outcome.exitStatus, status > 1 else { return false }
        let text = errors.joined(separator: "\n").lowercased()
        return text.contains("unsupportedmediatype") || text.contains("415") || text.contains("server-side apply")
            || text.contains("apply-patch")
    }
}

/// How one probe command ended.
struct ProbeResult: Sendable {
    var outcome: CommandOutcome
    var errors: [String]

    /// What to tell a user when it failed: its last lines on standard error, or the outcome.
    var message: String {
        let lines = errors.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.suffix(3)
        return lines.isEmpty ? (outcome.message ?? "failed") : lines.joined(separator: "\n")
    }
}

/// Each step's probe results, in the order its commands ran.
final class ProbeResults: Sendable {
    private let results = Mutex<[String: [ProbeResult]]>([:])

    func record(_ stepID: String, _ result: ProbeResult) {
        results.withLock { $0[stepID, default: []].append(result) }
    }

    func of(_ stepID: String) -> [ProbeResult] {
        results.withLock { $0[stepID] ?? [] }
    }
}
