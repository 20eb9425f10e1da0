output "namespace" {
  description = "Namespace of the stack (runbook: kubectl get pods -n observability)."
  value       = null_resource.stack.triggers["namespace"]
}

output "grafana_service" {
  description = "Grafana's service (runbook: kubectl port-forward -n observability svc/grafana 3000:80)."
  value       = "${null_resource.stack.triggers["namespace"]}/grafana"
}
