output "namespace" {
  description = "Namespace of the release (runbook: kubectl get pods -n ambassador)."
  value       = null_resource.release.triggers["namespace"]
}

output "gateway_service" {
  description = "Service that receives external traffic."
  value       = "${null_resource.release.triggers["namespace"]}/ambassador"
}
