output "namespace" {
  description = "Namespace of the release (runbook: kubectl get pods -n external-dns)."
  value       = null_resource.release.triggers["namespace"]
}

output "domain_filter" {
  description = "Zone whose records external-dns owns."
  value       = null_resource.release.triggers["domain_filter"]
}
