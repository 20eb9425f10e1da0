output "cluster_name" {
  description = "Name of the cluster (depends on the cluster resource, so dependents wait for it)."
  value       = null_resource.cluster.triggers["cluster_name"]
}

output "cluster_endpoint" {
  description = "API server endpoint of the (simulated) cluster."
  value       = "https://${upper(substr(sha1(null_resource.cluster.id), 0, 32))}.gr7.${var.region}.eks.amazonaws.com"
}
