extension BuiltInProfiles {
    /// `bosun providers show aks` prints it; a `providers/aks.yaml` of a repository overrides it.
    static let aksText = #"""
        # Azure Kubernetes Service, through the az CLI (runbook 003).
        provider: aks
        description: Azure AKS cluster; credentials from `az aks get-credentials`
        parameters:
          cluster:        { required: true, description: AKS cluster name }
          resource_group: { required: true, description: Azure resource group of the cluster }
          subscription:   { description: Azure subscription id or name }
        tools:
          az: [az, version]
          kubectl: [kubectl, version, --client]
        connect:
          - argv: [az, aks, get-credentials, --resource-group, "{resource_group}", --name, "{cluster}", --file, "{run_kubeconfig}", --overwrite-existing]
            optional:
              subscription: [--subscription, "{subscription}"]
        health:
          argv: [az, aks, show, --resource-group, "{resource_group}", --name, "{cluster}", --query, powerState.code, -o, tsv]
          optional:
            subscription: [--subscription, "{subscription}"]
          expect: Running
        """#
}
