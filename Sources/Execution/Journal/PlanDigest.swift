import Crypto
import Foundation
import PlanModel

/// A fingerprint of what a run does: SHA-256 of the compiled plan's JSON without the run's own
/// folders, so that two runs of the same plan, variables and revision get the same digest
/// wherever their files were materialized. Commands name those folders only by token
/// (``CommandWord``), so the two fields that hold them, and the plan file's folder, are all
/// that is left out.
package enum PlanDigest {
    package static func of(_ plan: CompiledPlan) -> String {
        var stable = plan
        stable.runDirectory = CommandWord.run
        stable.workingDirectory = CommandWord.plan
        stable.planFile = fileName(plan.planFile)
        stable.steps = plan.steps.map { step in
            var step = step
            step.location.file = fileName(step.location.file)
            return step
        }
        let digest = SHA256.hash(data: stable.json(pretty: false))
        return "sha256:" + digest.map { String(format: "%02x", $0) }.joined()
    }

    private static func fileName(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent }
}
