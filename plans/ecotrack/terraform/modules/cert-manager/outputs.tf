output "namespace" {
  description = "Namespace of the release (runbook: kubectl get pods -n cert-manager)."
  value       = null_resource.release.triggers["namespace"]
}

output "cluster_issuer" {
  description = "ClusterIssuer that certificates should name."
  value       = "letsencrypt-${null_resource.release.triggers["cluster_name"]}"
}
