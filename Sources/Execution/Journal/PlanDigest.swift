import Crypto
import Foundation
import PlanModel

/// A fingerprint of what a run does: SHA-256 of the compiled plan's JSON with the run's own
/// folders replaced by placeholders, so that two runs of the same plan, variables and revision
/// get the same digest wherever their files were materialized.
public enum PlanDigest {
    public static func of(_ plan: CompiledPlan) -> String {
        var stable = plan
            .relocated(from: plan.runDirectory, to: "<run>")
        stable = stable.relocated(from: stable.workingDirectory, to: "<plan>")
        stable.planFile = URL(fileURLWithPath: plan.planFile).lastPathComponent
        let digest = SHA256.hash(data: stable.json(pretty: false))
        return "sha256:" + digest.map { String(format: "%02x", $0) }.joined()
    }
}
