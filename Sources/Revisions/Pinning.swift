import BosunBasics
import Foundation
import GitKit

/// `bosun pin` and `bosun promote`: recording which commit an environment runs.
package enum Pinning {
    /// Resolves `revision`, checks it against the environment's policy and records it.
    package static func pin(
        planPath: String, planName: String, revision: String, policy: SourcePolicy, request: SourceRequest, now: Date = Date()
    ) throws(DiagnosticError) -> Pin {
        let pin = try diagnosingGit(at: .file(planPath)) {
            let located = try PlanInRepository(planPath: planPath)
            let commit = try located.acceptedCommit(revision, policy: policy, request: request, planPath: planPath)
            return Pin(commit: commit.id, revision: revision, pinnedBy: (try? located.repository.defaultSignature())??.description, pinnedAt: now)
        }
        try save(pin, for: policy.environment, planPath: planPath, planName: planName)
        return pin
    }

    /// Copies the pin of `source` to the environment of `policy`, which checks it like a new pin.
    package static func promote(
        planPath: String, planName: String, from source: String, policy: SourcePolicy, request: SourceRequest, now: Date = Date()
    ) throws(DiagnosticError) -> Pin {
        let pins = try PinFile.load(forPlan: planPath)
        guard let sourcePin = pins.pin(for: source) else {
            throw DiagnosticError(.error(
                "environment '\(source)' has no pin to promote", at: .file(PinFile.path(forPlan: planPath)),
                hint: "pin it first: `bosun pin \(planPath) --env \(source) --rev <rev>`"))
        }
        var pin = try self.pin(planPath: planPath, planName: planName, revision: sourcePin.commit, policy: policy, request: request, now: now)
        pin.revision = sourcePin.revision
        pin.promotedFrom = source
        try save(pin, for: policy.environment, planPath: planPath, planName: planName)
        return pin
    }

    private static func save(_ pin: Pin, for environment: String, planPath: String, planName: String) throws(DiagnosticError) {
        var pins = try PinFile.load(forPlan: planPath)
        pins.set(pin, for: environment)
        do {
            try pins.save(planName: planName)
        } catch {
            throw DiagnosticError(.error("cannot write \(pins.path): \(error.localizedDescription)", at: .file(pins.path)))
        }
    }
}
