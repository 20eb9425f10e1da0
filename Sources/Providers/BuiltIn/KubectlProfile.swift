extension BuiltInProfiles {
    /// `bosun providers show kubectl` prints it; a `providers/kubectl.yaml` of a repository overrides it.
    static let kubectlText = #"""
        # Any cluster kubectl can reach from a kubeconfig (runbooks 000 and 001).
        provider: kubectl
        description: A context of an existing kubeconfig, copied (flattened) into the run's own kubeconfig
        parameters:
          kubeconfig: { required: true, path: true, description: "kubeconfig file to read (never modified)" }
          context:    { description: "context to use; defaults to the current context of the file" }
        tools:
          kubectl: [kubectl, version, --client]
        connect:
          # --minify keeps only the chosen context; --flatten inlines certificates so the copy stands alone.
          - argv: [kubectl, config, view, --kubeconfig, "{kubeconfig}", --minify, --flatten]
            optional:
              context: [--context, "{context}"]
            stdout: "{run_kubeconfig}"
        health:
          argv: [kubectl, --kubeconfig, "{run_kubeconfig}", get, --raw, /readyz]
          expect: ok
        """#
}
