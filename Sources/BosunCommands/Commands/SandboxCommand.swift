import ArgumentParser

/// `bosun sandbox`: a local stand-in for a Kubernetes API server, for tests and demos.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "A local, simulated Kubernetes API server for tests and demos (not a Kubernetes).",
        discussion: """
            The sandbox answers real kubectl on 127.0.0.1 over plain HTTP: discovery, namespaces, \
            configmaps, secrets, services, deployments, statefulsets, replicasets, pods, jobs and \
            leases, with get/list/watch/create/update/patch/delete. Controllers are simulated: \
            deployments make ReplicaSets and pods, pods become Ready after a delay (never, when \
            their image matches a bad-image pattern), jobs complete, namespaces labelled \
            istio-injection=enabled get an istio-proxy container in their pods. Nothing runs: no \
            containers, no networking, no exec or logs. Objects live in the server process and \
            vanish when it stops.
            `start` writes <state-dir>/sandbox/kubeconfig (context bosun-sandbox):
              KUBECONFIG=.bosun/sandbox/kubeconfig kubectl get pods -A
            """,
        subcommands: [SandboxStartCommand.self, SandboxStopCommand.self, SandboxStatusCommand.self, SandboxServeCommand.self])
}
