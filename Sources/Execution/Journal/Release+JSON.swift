import BosunBasics
import Foundation
import PlanModel

/// The schema of the release types, writer and reader side by side, as `run.json`'s `release`,
/// a `deploymentObserved` line's `observation` and `bosun runs --json` hold them: keys sorted,
/// absent values left out. A deployment reference is written as the plan writes it
/// (``JSONWriter/deployment(_:)``, PlanModel) and read by its `Decodable`.
extension JSONWriter {
    mutating func observation(_ observation: DeploymentObservation) {
        object { json in
            json.field("deployment") { $0.deployment(observation.deployment) }
            json.field("exists", observation.exists)
            json.field("images", observation.images)
            json.field("moment", observation.moment.rawValue)
            json.field("revision", observation.revision)
            json.field("rolledOut", observation.rolledOut)
        }
    }

    mutating func release(_ release: ReleaseRecord) {
        object { json in
            json.field("deployments") { json in
                json.array { json in for deployment in release.deployments { json.deploymentRelease(deployment) } }
            }
            json.field("secrets", release.secrets)
            json.field("variables", release.variables)
        }
    }

    private mutating func deploymentRelease(_ deployment: DeploymentRelease) {
        object { json in
            if let after = deployment.after { json.field("after") { $0.snapshot(after) } }
            if let before = deployment.before { json.field("before") { $0.snapshot(before) } }
            json.field("deployment") { $0.deployment(deployment.deployment) }
            if let failed = deployment.failed { json.field("failed") { $0.snapshot(failed) } }
            json.field("steps", deployment.steps)
        }
    }

    private mutating func snapshot(_ snapshot: ReleaseSnapshot) {
        object { json in
            json.field("exists", snapshot.exists)
            json.field("healthy", snapshot.healthy)
            json.field("images", snapshot.images)
            json.field("revision", snapshot.revision)
        }
    }
}

extension DeploymentObservation: Decodable {
    private enum Key: String, CodingKey { case deployment, exists, images, moment, revision, rolledOut }

    package init(from decoder: any Decoder) throws {
        let json = try decoder.container(keyedBy: Key.self)
        self.init(
            deployment: try json.decode(DeploymentRef.self, forKey: .deployment), moment: try json.decode(ReleaseMoment.self, forKey: .moment),
            exists: try json.decode(Bool.self, forKey: .exists), revision: try json.decodeIfPresent(String.self, forKey: .revision),
            images: try json.decode([String: String].self, forKey: .images), rolledOut: try json.decode(Bool.self, forKey: .rolledOut))
    }
}

extension ReleaseRecord: Decodable {
    private enum Key: String, CodingKey { case deployments, secrets, variables }

    package init(from decoder: any Decoder) throws {
        let json = try decoder.container(keyedBy: Key.self)
        self.init(
            variables: try json.decode([String: String].self, forKey: .variables), secrets: try json.decode([String].self, forKey: .secrets),
            deployments: try json.decode([DeploymentRelease].self, forKey: .deployments))
    }
}

extension DeploymentRelease: Decodable {
    private enum Key: String, CodingKey { case after, before, deployment, failed, steps }

    package init(from decoder: any Decoder) throws {
        let json = try decoder.container(keyedBy: Key.self)
        deployment = try json.decode(DeploymentRef.self, forKey: .deployment)
        steps = try json.decode([String].self, forKey: .steps)
        before = try json.decodeIfPresent(ReleaseSnapshot.self, forKey: .before)
        failed = try json.decodeIfPresent(ReleaseSnapshot.self, forKey: .failed)
        after = try json.decodeIfPresent(ReleaseSnapshot.self, forKey: .after)
    }
}

extension ReleaseSnapshot: Decodable {
    private enum Key: String, CodingKey { case exists, healthy, images, revision }

    package init(from decoder: any Decoder) throws {
        let json = try decoder.container(keyedBy: Key.self)
        exists = try json.decode(Bool.self, forKey: .exists)
        healthy = try json.decode(Bool.self, forKey: .healthy)
        images = try json.decode([String: String].self, forKey: .images)
        revision = try json.decodeIfPresent(String.self, forKey: .revision)
    }
}
