import PlanModel

/// Builds kubectl argv that always targets the run-private kubeconfig (never `~/.kube/config`).
struct KubectlCommand {
    let kubeconfig: String

    func make(_ arguments: [String], namespace: String? = nil, stdin: String? = nil, captureAs: String? = nil) -> StepCommand {
        var argv = ["kubectl", "--kubeconfig", kubeconfig]
        if let namespace { argv += ["--namespace", namespace] }
        return .exec(ExecCommand(argv + arguments, stdin: stdin, captureAs: captureAs))
    }
}
