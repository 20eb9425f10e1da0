extension BuiltInProfiles {
    /// `bosun providers show eks` prints it; a `providers/eks.yaml` of a repository overrides it.
    static let eksText = #"""
        # AWS Elastic Kubernetes Service, through the aws CLI (runbooks 002 and 004).
        provider: eks
        description: AWS EKS cluster; credentials from `aws eks update-kubeconfig`
        parameters:
          cluster:  { required: true, description: EKS cluster name }
          region:   { required: true, description: "AWS region, e.g. us-east-1" }
          role_arn: { description: IAM role to assume for cluster access }
          profile:  { description: AWS CLI named profile }
        tools:
          aws: [aws, --version]
          kubectl: [kubectl, version, --client]
        connect:
          # Writes only the run-private kubeconfig, never ~/.kube/config.
          - argv: [aws, eks, update-kubeconfig, --region, "{region}", --name, "{cluster}", --kubeconfig, "{run_kubeconfig}"]
            optional:
              role_arn: [--role-arn, "{role_arn}"]
              profile: [--profile, "{profile}"]
        health:
          argv: [aws, eks, describe-cluster, --region, "{region}", --name, "{cluster}", --query, cluster.status, --output, text]
          optional:
            profile: [--profile, "{profile}"]
          expect: ACTIVE
        """#
}
