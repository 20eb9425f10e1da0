import PlanModel

/// Builds kubectl argv that always targets the run-private kubeconfig (never `~/.kube/config`).
/// Arguments are command words (``CommandWord``): callers escape plan data; names and
/// namespaces are escaped here.
struct KubectlCommand {
    let kubeconfig: String

    func make(
        _ arguments: [String], namespace: String? = nil, stdin: String? = nil, stdinLabel: String? = nil, captureAs: String? = nil
    ) -> StepCommand {
        .exec(ExecCommand(argv(arguments, namespace: namespace), stdin: stdin, captureAs: captureAs, stdinLabel: stdinLabel))
    }

    func argv(_ arguments: [String], namespace: String?) -> [String] {
        var argv = ["kubectl", "--kubeconfig", kubeconfig]
        if let namespace { argv += ["--namespace", CommandWord.escaped(namespace)] }
        return argv + arguments
    }

    /// Reads a deployment's state for the release record (`--ignore-not-found`: a deployment
    /// that does not exist yet prints nothing).
    func observe(_ deployment: DeploymentRef, _ moment: ReleaseMoment, required: Bool = false) -> StepCommand {
        .exec(ExecCommand(argv(["get", "deployment", CommandWord.escaped(deployment.name), "--ignore-not-found", "-o", "json"], namespace: deployment.namespace),
                          reads: .deployment(deployment, moment: moment, required: required)))
    }
}
