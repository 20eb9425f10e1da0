import Foundation
import PlanModel
import Synchronization
@testable import Execution

/// A `CommandRunner` that fakes kubectl against in-memory Deployments (there is no API server
/// here to test the executor against): `get deployment … -o json`, `set image`, `rollout status`
/// (a new image takes `statusDelay`; fails for an image ending in `-bad`), `rollout undo --to-revision=N`;
/// `set image` on a deployment that does not exist creates it, as an apply would.
/// Every argv it was given is recorded.
final class ScriptedCluster: CommandRunner {
    struct Deployment {
        var revisions: [(number: Int, image: String)]
        /// Images whose pods are up already (the first one, and any an undo brought back).
        var running: Set<String> = []
        var image: String { revisions.last!.image }
    }

    private let state: Mutex<(deployments: [String: Deployment], argv: [[String]])>
    let statusDelay: Double

    init(_ images: [String: String], statusDelay: Double = 0) {
        state = Mutex((images.mapValues { Deployment(revisions: [(1, $0)], running: [$0]) }, []))
        self.statusDelay = statusDelay
    }

    var commands: [[String]] { state.withLock { $0.argv } }
    func image(_ name: String) -> String? { state.withLock { $0.deployments[name]?.image } }

    func run(_ command: StepCommand, in context: CommandContext) async throws -> CommandOutcome {
        guard case .exec(let exec) = command else { return .success() }
        let argv = Array(exec.argv.drop { $0 != "get" && $0 != "set" && $0 != "rollout" && $0 != "apply" })
        state.withLock { $0.argv.append(argv) }
        switch Array(argv.prefix(2)) {
        case ["get", "deployment"]:
            return .success(exitStatus: 0, captured: json(of: argv[2]))
        case ["set", "image"]:
            let name = String(argv[2].dropFirst("deployment/".count))
            let image = String(argv[3].drop { $0 != "=" }.dropFirst())
            state.withLock { state in
                // An absent deployment is created, as an apply creates it.
                guard var deployment = state.deployments[name] else { return state.deployments[name] = Deployment(revisions: [(1, image)]) }
                guard deployment.image != image else { return }
                deployment.revisions.append(((deployment.revisions.map(\.number).max() ?? 0) + 1, image))
                state.deployments[name] = deployment
            }
            return .success(exitStatus: 0)
        case ["rollout", "status"]:
            let name = String(argv[2].dropFirst("deployment/".count))
            // A revision brought back by an undo still has its pods: only a new image takes time.
            let isNew = state.withLock { state in
                state.deployments[name].map { !$0.running.contains($0.image) } ?? false
            }
            if isNew { try await Task.sleep(for: .seconds(statusDelay)) }
            return image(name)?.hasSuffix("-bad") == true ? .failure("timed out", exitStatus: 1) : .success(exitStatus: 0)
        case ["rollout", "undo"]:
            let name = String(argv[2].dropFirst("deployment/".count))
            guard let revision = argv.first(where: { $0.hasPrefix("--to-revision=") }).flatMap({ Int($0.dropFirst(14)) }) else {
                return .failure("no revision", exitStatus: 1)
            }
            // As kubectl: the revision returned to is renumbered as the newest, and is gone under its old number.
            let found = state.withLock { state -> Bool in
                guard var deployment = state.deployments[name], let old = deployment.revisions.first(where: { $0.number == revision }) else { return false }
                deployment.revisions.removeAll { $0.number == revision }
                deployment.revisions.append(((deployment.revisions.map(\.number).max() ?? 0) + 1, old.image))
                deployment.running.insert(old.image)
                state.deployments[name] = deployment
                return true
            }
            return found ? .success(exitStatus: 0) : .failure("error: unable to find specified revision \(revision) in history", exitStatus: 1)
        default:
            return .success(exitStatus: 0)
        }
    }

    private func json(of name: String) -> String {
        guard let deployment = state.withLock({ $0.deployments[name] }) else { return "" }
        let ready = !deployment.image.hasSuffix("-bad")
        let object: [String: Any] = [
            "metadata": ["name": name, "generation": 1, "annotations": ["deployment.kubernetes.io/revision": "\(deployment.revisions.last!.number)"]],
            "spec": ["replicas": 1, "template": ["spec": ["containers": [["name": name, "image": deployment.image]]]]],
            "status": ["observedGeneration": 1, "replicas": 1, "updatedReplicas": 1, "availableReplicas": ready ? 1 : 0],
        ]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }
}

/// Steps shaped as the compiler makes them for a deployment in namespace `shop`.
enum ReleaseSteps {
    static func ref(_ name: String) -> DeploymentRef { DeploymentRef(name: name, namespace: "shop") }

    static func look(_ name: String, _ moment: ReleaseMoment, required: Bool = false) -> StepCommand {
        .exec(ExecCommand(["kubectl", "get", "deployment", name, "--ignore-not-found", "-o", "json"],
                          reads: .deployment(ref(name), moment: moment, required: required)))
    }

    static func kubectl(_ arguments: String...) -> StepCommand { .exec(ExecCommand(["kubectl"] + arguments)) }

    /// An apply that sets `name`'s image (as `set image` does here), undone on failure.
    static func apply(_ id: String, _ name: String, image: String, needs: [String] = []) -> TestStep {
        var step = TestStep(id: id, needs: needs, kind: .apply,
                            commands: [look(name, .before), kubectl("set", "image", "deployment/\(name)", "\(name)=\(image)"),
                                       kubectl("rollout", "status", "deployment/\(name)"), look(name, .after)])
        step.onFailure = undo(name)
        step.changesFrom = 1
        step.intent = .apply(paths: ["k8s/"], render: true, deployments: [ref(name)])
        return step
    }

    static func rollout(_ id: String, _ name: String, image: String, needs: [String] = []) -> TestStep {
        var step = TestStep(id: id, needs: needs, kind: .rollout,
                            commands: [look(name, .before, required: true), kubectl("set", "image", "deployment/\(name)", "\(name)=\(image)"),
                                       kubectl("rollout", "status", "deployment/\(name)"), look(name, .after)])
        step.onFailure = [look(name, .failed)] + undo(name)
        step.changesFrom = 1
        step.intent = .rollout(RolloutIntent(deployment: ref(name), container: name, image: image, timeout: nil, health: nil))
        return step
    }

    static func undo(_ name: String) -> [StepCommand] {
        [kubectl("rollout", "undo", "deployment/\(name)", "--to-revision={capture:\(ReleaseCapture.revisionBefore(ref(name)))}"),
         kubectl("rollout", "status", "deployment/\(name)"), look(name, .after)]
    }
}
