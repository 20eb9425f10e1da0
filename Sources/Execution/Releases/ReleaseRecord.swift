import Crypto
import Foundation
import PlanModel

/// What a run released, as its journal keeps it: every variable it resolved (a secret only as a
/// digest) and, for every deployment it touched, the release before and after. With the commit
/// (``RunSource``) this is the release whole: what `bosun rollback --env` restores.
package struct ReleaseRecord: Sendable, Hashable {
    /// Name → value; a secret's value is `sha256:` and a digest, never the value.
    package var variables: [String: String]
    /// Names of the variables that are secrets.
    package var secrets: [String]
    package var deployments: [DeploymentRelease]

    package init(variables: [String: String], secrets: [String], deployments: [DeploymentRelease] = []) {
        self.variables = variables
        self.secrets = secrets
        self.deployments = deployments
    }

    /// The record of a compiled plan before it runs.
    package init(plan: CompiledPlan) {
        var variables = plan.variables
        for (name, value) in plan.secretVariables { variables[name] = Self.digest(of: value, name: name) }
        self.init(variables: variables, secrets: plan.secretVariables.keys.sorted())
    }

    /// A digest that tells two values of one secret apart without showing either.
    package static func digest(of value: String, name: String) -> String {
        let hash = SHA256.hash(data: Data("bosun secret \(name)\n\(value)".utf8))
        return "sha256:" + hash.prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    /// The deployments' images after the run, `name=image` for people: what it deployed.
    package var deployedText: String {
        deployments.compactMap { release in
            guard let after = release.after, after.exists else { return nil }
            return after.images.keys.sorted().map { after.images[$0]! }.joined(separator: " ")
        }.joined(separator: ", ")
    }
}
